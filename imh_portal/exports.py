"""Whole lists streamed as CSV or newline-delimited JSON, in flat memory.

Rows are read with a server-side cursor in chunks, each chunk with its
prefetches, serialised and written out before the next is read, so exporting
100,000 rows needs no more memory than exporting 1,000.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

CHUNK_SIZE = 1000


class NDJSONRenderer(BaseRenderer):
    """Selects the streamed export with ``?format=ndjson``; renders nothing itself."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Errors (400, 429…) still reach the client as one JSON line.
        return json.dumps(data, cls=DjangoJSONEncoder).encode() + b"\n"


def stream_rows(queryset) -> Iterator:
    """Every row of ``queryset``, read in chunks through a server-side cursor."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def ndjson_response(
    records: Iterable[dict], *, filename: str | None = None
) -> StreamingHttpResponse:
    lines = (json.dumps(record, cls=DjangoJSONEncoder) + "\n" for record in records)
    response = StreamingHttpResponse(lines, content_type=NDJSONRenderer.media_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    records: Iterable[dict],
    *,
    columns: list[str],
    flatten: Callable[[dict], dict],
    filename: str,
) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {name: safe_cell(value) for name, value in flatten(record).items()}
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A spreadsheet reads a cell starting with one of these as a formula (OWASP,
# "CSV Injection"); the directory's text is written by providers.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a formula gets a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def flat_value(value) -> str:
    """One CSV cell: lists joined with "; ", nested records by their name."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(flat_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
