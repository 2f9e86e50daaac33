"""A public list as partners read it: a bounded faceted search, the changes
since a date with tombstones, or every record streamed."""

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.content_version import current_content_version
from imh_portal.exports import (
    NDJSONRenderer,
    csv_response,
    flat_value,
    ndjson_response,
    stream_rows,
)
from imh_portal.page_cache import CACHE_ALIAS, release_fingerprint


class FacetedListMixin(PublicReadMixin):
    """A read-only viewset's list as a bounded faceted search of its FilterSet.

    Set ``filterset_class``, ``tombstone_kind``, ``list_queryset()`` and
    ``search``, the app's own search door (the one its page uses);
    ``finish_page(rows, filterset)`` adds what whole-list records need.

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

    def search(self, filterset, **options):
        raise NotImplementedError

    def finish_page(self, rows, filterset):
        return rows

    def last_modified(self, request):
        return data_version(self.queryset.model, tombstone_kind=self.tombstone_kind)

    def filterset_options(self) -> dict:
        """Extra keyword arguments for the FilterSet, as the app's page gives."""
        return {}

    def valid_filterset(self, request):
        filterset = self.filterset_class(
            request.query_params,
            queryset=self.list_queryset(),
            request=request,
            **self.filterset_options(),
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
            partial(self.search, filterset, shape="records"), request
        )
        records = kept_records(
            request, lambda: self.get_serializer(rows, many=True).data
        )
        return self.get_paginated_response(records)

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


def kept_records(request, serialise: Callable[[], list]) -> list:
    """A page of a list's records as ``serialise()`` gives them, kept in the
    shared cache under the release, the content version (any committed edit
    changes it), the day, the language and the full address (the records'
    links name the host). Partners ask for the same few pages again and again;
    a kept page is answered without reading or serialising its rows. The
    search itself, its count and its headers are worked out as ever."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    version = current_content_version() if seconds else None
    if version is None:
        return serialise()
    parts = [
        release_fingerprint(),
        str(version),
        timezone.localdate().isoformat(),
        translation.get_language(),
        request.build_absolute_uri(),
    ]
    key = "records:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    shared = caches[CACHE_ALIAS]
    records = shared.get(key)
    if records is None:
        records = list(serialise())
        shared.set(key, records, seconds)
    return records


# Time zone offsets in use on Earth run from -12:00 to +14:00; PostgreSQL
# refuses anything beyond ±15:59, so a wider one never reaches it.
MAX_UTC_OFFSET = timedelta(hours=14)
# A day inside Python's calendar on both sides, so that converting to UTC and
# any day's arithmetic stay representable.
EARLIEST_MOMENT = datetime(1, 1, 2, tzinfo=UTC)
LATEST_MOMENT = datetime(9999, 12, 30, tzinfo=UTC)
DATE_FORMAT_HELP = (
    "Enter an ISO 8601 date or date and time, e.g. 2026-11-01 or 2026-11-01T09:30:00Z."
)


def parse_moment(raw: str) -> datetime:
    """An ISO 8601 date or date and time as an aware UTC datetime.

    Raises ValueError, with a sentence for the client, for anything malformed,
    impossible (2026-02-30), with an offset beyond ±14:00, or outside the
    calendar the database and Python share.
    """
    text = raw.strip().replace(" ", "+")
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        moment = None
    if moment is None:
        raise ValueError(DATE_FORMAT_HELP)
    offset = moment.utcoffset()
    if offset is None:
        moment = moment.replace(tzinfo=UTC)
    elif abs(offset) > MAX_UTC_OFFSET:
        raise ValueError("The time zone offset must be between -14:00 and +14:00.")
    if not EARLIEST_MOMENT <= moment <= LATEST_MOMENT:
        raise ValueError("Enter a date between 0001-01-02 and 9999-12-30.")
    return moment.astimezone(UTC)


def modified_after(request) -> datetime | None:
    """The ``modified_after`` parameter as an aware UTC datetime, or None.

    A value the database could not hold answers 400 naming the parameter.
    """
    raw = request.query_params.get("modified_after")
    if raw is None:
        return None
    try:
        return parse_moment(raw)
    except ValueError as error:
        raise ValidationError({"modified_after": [str(error)]}) from None
