"""What every HSDS view shares: the data version behind ETag and
Last-Modified, strict parameters, HSDS pages and newline-delimited JSON."""

import datetime
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from directory.hsds.parameters import page_parameters
from directory.hsds.schema import MAX_PER_PAGE, PAGING_PARAMETERS
from directory.models import Listing, Modality, ServiceType
from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.exports import NDJSONRenderer, ndjson_response


def hsds_version() -> datetime.datetime:
    """When anything the HSDS records show last changed.

    Listings (and their removals) and the terms named in records count. A
    listing also drops out of view 18 months after its last confirmation
    without any row changing, so the published set may change at midnight.
    """
    changed = [
        data_version(Listing, tombstone_kind="listing"),
        data_version(ServiceType),
        data_version(Modality),
    ]
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )
    return max(filter(None, [*changed, midnight]))


class HsdsView(PublicReadMixin, APIView):
    """A public HSDS read: strict parameters, conditional GET, rate limits."""

    # HSDS names the page size ``per_page``: the portal's ``page_size`` would be
    # accepted and ignored, so it is refused like any unknown parameter.
    refused_query_parameters = frozenset({"page_size"})

    def allowed_query_parameters(self) -> set[str]:
        return super().allowed_query_parameters() - self.refused_query_parameters

    def last_modified(self, request) -> datetime.datetime:
        return self.version

    @cached_property
    def version(self) -> datetime.datetime:
        return hsds_version()


class HsdsDetailView(HsdsView):
    """One record by its HSDS id."""

    # Not a list: page, per_page and the filters are refused.
    action = "retrieve"


class HsdsListView(HsdsView):
    """An HSDS page of records, or all of them as newline-delimited JSON."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, NDJSONRenderer]

    max_per_page = MAX_PER_PAGE

    def streaming(self) -> bool:
        # Paging means nothing to a stream, but a bad value is still a 400.
        page_parameters(self.request.query_params, self.max_per_page)
        return getattr(self.request.accepted_renderer, "format", "") == "ndjson"

    def page(
        self, records: Callable[[int, int], list[dict]], count: Callable[[], int]
    ) -> Response:
        """One HSDS page; ``records(offset, limit)`` maps the rows shown."""
        number, size = page_parameters(self.request.query_params, self.max_per_page)
        total = self.total(count)
        offset = (number - 1) * size
        contents = records(offset, size) if offset < total else []
        return Response(page_body(total, number, size, contents))

    def total(self, count: Callable[[], int]) -> int:
        """``count()``, once per filter set and data version.

        A partner copying the directory reads every page: counting 50,000
        rows for each page would double its work.
        """
        params = sorted(
            (name, values)
            for name, values in self.request.query_params.lists()
            if name not in PAGING_PARAMETERS
        )
        identity = [type(self).__name__, params, self.version.isoformat()]
        digest = hashlib.sha256(json.dumps(identity).encode()).hexdigest()
        return cache.get_or_set(
            f"hsds-count:{digest}", count, settings.SEARCH_CACHE_SECONDS
        )

    def stream(self, records: Iterable[dict]) -> StreamingHttpResponse:
        return ndjson_response(records)


def page_body(total: int, number: int, size: int, contents: list[dict]) -> dict:
    """The HSDS ``Page``: a page past the end is empty, not an error."""
    pages = math.ceil(total / size)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
