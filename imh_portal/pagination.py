"""API pagination: ``?page=N&page_size=M`` with the total count."""

from collections.abc import Callable

from django.core.paginator import InvalidPage, Page
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from imh_portal.faceted_search import SearchResults
from imh_portal.models import HelpLine

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pagination that answers 400 for a malformed page or size."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self._validate(request)
        return super().paginate_queryset(queryset, request, view)

    def paginate_search(self, search: Callable[..., SearchResults], request) -> Page:
        """One page of ``search``, the app's own search door with its filters
        bound, with the same bounded work and spelling as the app's page. Its
        rows are read when first used: not at all when the page's records are
        kept (``imh_portal.api_lists``)."""
        self._validate(request)
        self.request = request
        try:
            self.search_results = search(
                page_number=request.query_params.get(self.page_query_param, 1),
                per_page=self.get_page_size(request),
                with_facets=False,
                strict_page=True,
            )
        except InvalidPage as error:
            raise NotFound(str(error)) from error
        self.page = self.search_results.page
        return self.page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        results = getattr(self, "search_results", None)
        if results is not None:
            # Very broad searches are counted from a sample; say so.
            response.data["count_is_estimate"] = results.estimated_total
            # A word nobody knows was searched as the closest known one too.
            response.data["searched_for"] = results.suggestion or None
            response.data["partial_matches"] = results.relaxed
            # Words that signal danger: the help lines come before any result.
            lines = help_now(request=self.request) if results.crisis else None
            response.data["help_now"] = lines
            # Readers of the JSON meet the lines before the results.
            response.data["results"] = response.data.pop("results")
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "example": False,
            "description": "True when a very broad search was counted from a "
            "sample: `count` is then rounded.",
        }
        schema["properties"]["searched_for"] = {
            "type": "string",
            "nullable": True,
            "example": None,
            "description": "When a word of `q` is known neither to the library "
            "nor to an English or Spanish dictionary, `q` with that word replaced "
            "by the closest known word, which was searched as well (offer it as "
            "“Did you mean …?”); else null.",
        }
        schema["properties"]["partial_matches"] = {
            "type": "boolean",
            "example": False,
            "description": "True when fewer than five documents held every word "
            "of `q`: the results then hold some of its words, those with the most "
            "words first.",
        }
        schema["properties"]["help_now"] = {
            "type": "array",
            "nullable": True,
            "example": None,
            "description": "When the words of `q` signal that someone may be in "
            'danger ("hurt my baby", "suicide", "no puedo más"), the '
            "crisis and support lines to show before any result; else null.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "how_to_reach": {"type": "string"},
                    "description": {"type": "string"},
                    "phone": {"type": "string"},
                    "text_number": {"type": "string"},
                    "url": {"type": "string"},
                },
            },
        }
        schema["properties"]["removed"] = {
            "type": "array",
            "example": [],
            "description": "Only with `modified_after`: records withdrawn, "
            "archived, hidden or deleted since then.",
            "items": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "status": {"type": "string", "example": "withdrawn"},
                    "modified_at": {"type": "string", "format": "date-time"},
                    "removed": {"type": "boolean", "enum": [True]},
                },
            },
        }
        return schema

    def _validate(self, request) -> None:
        errors = {}
        for name, upper in (
            (self.page_query_param, None),
            (self.page_size_query_param, self.max_page_size),
        ):
            raw = request.query_params.get(name)
            if raw is None:
                continue
            if not raw.isdigit() or int(raw) < 1:
                errors[name] = ["Must be a whole number of 1 or more."]
            elif upper is not None and int(raw) > upper:
                errors[name] = [f"Must be at most {upper}."]
        if errors:
            raise ValidationError(errors)


def help_now(*, request) -> list[dict]:
    """The active help lines, in the request's language where they have it."""
    return [
        {
            "name": line.name,
            "how_to_reach": line.how_to_reach,
            "description": line.description,
            "phone": line.phone,
            "text_number": line.text_number,
            "url": line.url,
        }
        for line in HelpLine.for_display()
    ]
