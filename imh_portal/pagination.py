"""API pagination: ``?page=N&page_size=M`` with the total count."""

from collections.abc import Iterator
from datetime import UTC, datetime, time

from django.core.paginator import InvalidPage
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.settings import api_settings

from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.exports import (
    NDJSONRenderer,
    csv_response,
    flat_value,
    ndjson_response,
    stream_rows,
)
from imh_portal.facets import FacetedFilterSet, faceted_search

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pagination that answers 400 for a malformed page or size."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self._validate(request)
        return super().paginate_queryset(queryset, request, view)

    def paginate_search(
        self, filterset: FacetedFilterSet, request, *, stamp: str, finish_page=None
    ) -> list:
        """One page of a search, with the same bounded work as the library page."""
        self._validate(request)
        self.request = request
        try:
            self.search_results = faceted_search(
                filterset,
                page_number=request.query_params.get(self.page_query_param, 1),
                per_page=self.get_page_size(request),
                stamp=stamp,
                with_facets=False,
                strict_page=True,
                finish_page=finish_page,
            )
        except InvalidPage as error:
            raise NotFound(str(error)) from error
        self.page = self.search_results.page
        return list(self.page)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        results = getattr(self, "search_results", None)
        if results is not None:
            # Very broad searches are counted from a sample; say so.
            response.data["count_is_estimate"] = results.estimated_total
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


class FacetedListMixin(PublicReadMixin):
    """A read-only viewset's list as a bounded faceted search of its FilterSet.

    Set ``filterset_class``, ``tombstone_kind`` and ``list_queryset()``;
    ``finish_page(rows, filterset)`` adds what the shown rows need.

    The list also answers partners who keep a copy:

    - ``?modified_after=<ISO 8601>`` lists what changed since, oldest change
      first, plus ``removed``: records taken down or deleted since (tombstones
      kept for ``TOMBSTONE_RETENTION_DAYS``), the same on every page;
    - ``?format=ndjson`` streams every matching record, one JSON object a line.
    """

    tombstone_kind = ""
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, NDJSONRenderer]

    def list_queryset(self):
        raise NotImplementedError

    def finish_page(self, rows, filterset):
        return rows

    def last_modified(self, request):
        return data_version(self.queryset.model, tombstone_kind=self.tombstone_kind)

    def valid_filterset(self, request):
        filterset = self.filterset_class(
            request.query_params, queryset=self.list_queryset(), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset

    def list(self, request, *args, **kwargs):
        filterset = self.valid_filterset(request)
        since = modified_after(request)
        if request.accepted_renderer.format == NDJSONRenderer.format:
            return ndjson_response(self.all_records(filterset, since))
        if since is not None:
            return self.changes_since(filterset, since)
        rows = self.paginator.paginate_search(
            filterset, request, stamp=filterset.stamp, finish_page=self.finish_page
        )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def matching(self, filterset, since):
        rows = filterset.qs
        if since is not None:
            rows = rows.filter(updated_at__gt=since).order_by("updated_at", "pk")
        return self.finish_page(rows, filterset)

    def all_records(self, filterset, since) -> Iterator[dict]:
        """Every matching record, serialised one chunk of rows at a time."""
        serializer = self.get_serializer_class()
        context = self.get_serializer_context()
        for row in stream_rows(self.matching(filterset, since)):
            yield serializer(row, context=context).data

    def export_csv(self, request, *args, **kwargs):
        """Every matching record as CSV: lists joined with "; "."""
        filterset = self.valid_filterset(request)
        columns = list(self.get_serializer_class()().fields)
        return csv_response(
            self.all_records(filterset, modified_after(request)),
            columns=columns,
            flatten=lambda record: {k: flat_value(v) for k, v in record.items()},
            filename=f"{self.basename}.csv",
        )

    def changes_since(self, filterset, since):
        page = self.paginate_queryset(self.matching(filterset, since))
        response = self.get_paginated_response(
            self.get_serializer(page, many=True).data
        )
        response.data["removed"] = self.queryset.model.objects.removed_since(since)
        return response


def modified_after(request) -> datetime | None:
    """The ``modified_after`` parameter as an aware datetime, or None."""
    raw = request.query_params.get("modified_after")
    if raw is None:
        return None
    try:
        moment = parse_datetime(raw.strip().replace(" ", "+"))
        if moment is None:
            day = parse_date(raw.strip())
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        moment = None
    if moment is None:
        raise ValidationError(
            {
                "modified_after": [
                    "Enter an ISO 8601 date or date and time, "
                    "e.g. 2026-11-01 or 2026-11-01T09:30:00Z."
                ]
            }
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment
