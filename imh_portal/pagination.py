"""API pagination: ``?page=N&page_size=M`` with the total count."""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pagination that answers 400 for a malformed page or size."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self._validate(request)
        return super().paginate_queryset(queryset, request, view)

    def _validate(self, request) -> None:
        errors = {}
        for name, upper in (
            (self.page_query_param, None),
            (self.page_size_query_param, self.max_page_size),
        ):
            raw = request.query_params.get(name)
            if raw is None or (name == self.page_query_param and raw == "last"):
                continue
            if not raw.isdigit() or int(raw) < 1:
                errors[name] = ["Must be a whole number of 1 or more."]
            elif upper is not None and int(raw) > upper:
                errors[name] = [f"Must be at most {upper}."]
        if errors:
            raise ValidationError(errors)
