"""API pagination: ``?page=N&page_size=M`` with the total count."""

from django.core.paginator import InvalidPage
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

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


class FacetedListMixin:
    """A read-only viewset's list as a bounded faceted search of its FilterSet.

    Set ``filterset_class`` and ``list_queryset()``; ``finish_page(rows,
    filterset)`` adds what the shown rows need.
    """

    def list_queryset(self):
        raise NotImplementedError

    def finish_page(self, rows, filterset):
        return rows

    def list(self, request, *args, **kwargs):
        filterset = self.filterset_class(
            request.query_params, queryset=self.list_queryset(), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        rows = self.paginator.paginate_search(
            filterset, request, stamp=filterset.stamp, finish_page=self.finish_page
        )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
