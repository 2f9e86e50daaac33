"""How the HSDS 3.0 API appears in the OpenAPI document, and its limits.

The records are described by their main fields, each pointing to the official
schema that defines it in full; the limits are the ones the views enforce.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from imh_portal.api_schema import ERRORS, NOT_MODIFIED
from imh_portal.exports import NDJSONRenderer

MAX_PER_PAGE = 100
# With ``minimal`` a record is two short fields: a partner checking for changes
# should get the whole directory in a few pages.
MAX_MINIMAL_PER_PAGE = 1000
DEFAULT_PER_PAGE = 20
DEFAULT_PROXIMITY_METRES = 40_000
# The directory page's widest radius, 100 miles.
MAX_PROXIMITY_METRES = 160_000
NDJSON = NDJSONRenderer.media_type
PAGING_PARAMETERS = {"page", "per_page", "format"}
TAG = "HSDS 3.0"


_SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"
_UUID = {"type": "string", "format": "uuid"}
_TEXT = {"type": "string"}


def _record(
    title: str, schema_file: str, required: list[str], properties: dict
) -> dict:
    return {
        "type": "object",
        "title": title,
        "description": (
            f"An HSDS 3.0 {title}. The full definition is the official schema "
            f"{_SCHEMA_BASE}/{schema_file}; the main fields are listed here."
        ),
        "required": required,
        "properties": properties,
        "additionalProperties": True,
    }


ORGANIZATION = _record(
    "organization",
    "compiled/organization_list.json",
    ["id", "name", "description"],
    {
        "id": _UUID,
        "name": _TEXT,
        "description": _TEXT,
        "email": {"type": "string", "format": "email"},
        "website": {"type": "string", "format": "uri"},
        "uri": {"type": "string", "format": "uri"},
    },
)
SERVICE = _record(
    "service",
    "compiled/service_list.json",
    ["id", "name", "status"],
    {
        "id": _UUID,
        "organization_id": _UUID,
        "name": _TEXT,
        "description": _TEXT,
        "url": {"type": "string", "format": "uri"},
        "email": {"type": "string", "format": "email"},
        "status": {"type": "string", "enum": ["active"]},
        "fees_description": _TEXT,
        "accreditations": _TEXT,
        "eligibility_description": _TEXT,
        "minimum_age": {"type": "number"},
        "maximum_age": {"type": "number"},
        "assured_date": {"type": "string", "format": "date"},
        "alert": _TEXT,
        "last_modified": {"type": "string", "format": "date-time"},
        "organization": ORGANIZATION,
    },
)
LOCATION = _record(
    "location",
    "location.json",
    ["id", "location_type"],
    {
        "id": _UUID,
        "location_type": {"type": "string", "enum": ["physical", "virtual"]},
        "name": _TEXT,
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "addresses": {"type": "array", "items": {"type": "object"}},
    },
)
_CHILDREN = {
    name: {"type": "array", "items": {"type": "object"}}
    for name in ("phones", "languages", "service_areas", "attributes")
}
MINIMAL_SERVICE = {
    "type": "object",
    "title": "service (minimal)",
    "description": "With `minimal=true`: a service's id and when it last changed.",
    "required": ["id", "last_modified"],
    "properties": {
        "id": _UUID,
        "last_modified": {"type": "string", "format": "date-time"},
    },
    "additionalProperties": False,
}
SERVICE_OR_MINIMAL = {"anyOf": [SERVICE, MINIMAL_SERVICE]}
FULL_SERVICE = _record(
    "service",
    "compiled/service.json",
    ["id", "name", "status"],
    {
        **SERVICE["properties"],
        **_CHILDREN,
        "service_at_locations": {"type": "array", "items": {"type": "object"}},
    },
)
FULL_ORGANIZATION = _record(
    "organization",
    "compiled/organization.json",
    ["id", "name", "description"],
    {
        **ORGANIZATION["properties"],
        "locations": {"type": "array", "items": LOCATION},
        "services": {"type": "array", "items": SERVICE},
    },
)
SERVICE_AT_LOCATION = _record(
    "service_at_location",
    "compiled/service_at_location_list.json",
    ["id"],
    {
        "id": _UUID,
        "service_id": _UUID,
        "location_id": _UUID,
        "location": LOCATION,
        "service": SERVICE,
    },
)
FULL_SERVICE_AT_LOCATION = _record(
    "service_at_location",
    "compiled/service_at_location.json",
    ["id"],
    SERVICE_AT_LOCATION["properties"],
)
TAXONOMY = _record(
    "taxonomy",
    "taxonomy.json",
    ["id", "name", "description"],
    {
        "id": _UUID,
        "name": _TEXT,
        "description": _TEXT,
    },
)
TAXONOMY_TERM = _record(
    "taxonomy_term",
    "taxonomy_term.json",
    ["id", "name", "description"],
    {
        "id": _UUID,
        "code": _TEXT,
        "name": _TEXT,
        "description": _TEXT,
        "taxonomy": _TEXT,
        "taxonomy_id": _UUID,
        "taxonomy_detail": TAXONOMY,
        "language": _TEXT,
        "term_uri": {"type": "string", "format": "uri"},
    },
)
# Lists answer a page past the end with an empty page, not 404.
LIST_ERRORS = {code: ERRORS[code] for code in (400, 401, 429)}
NOT_FOUND = OpenApiResponse(
    ERRORS[404].response,
    description="No published record has this id (a malformed id included).",
)


def _page_of(item: dict) -> dict:
    counts = {"type": "integer"}
    flags = {"type": "boolean"}
    return {
        "type": "object",
        "description": "An HSDS page. `size` is the number of records on this "
        "page; a page past the last is empty.",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": counts,
            "total_pages": counts,
            "page_number": counts,
            "size": counts,
            "first_page": flags,
            "last_page": flags,
            "empty": flags,
            "contents": {"type": "array", "items": item},
        },
    }


def list_responses(item: dict, description: str) -> dict:
    return {
        (200, "application/json"): OpenApiResponse(
            response=_page_of(item), description=description
        ),
        (200, NDJSON): OpenApiResponse(
            response=item,
            description="With `format=ndjson`: every matching record, one JSON "
            "object per line, unpaginated.",
        ),
        **NOT_MODIFIED,
        **LIST_ERRORS,
    }


def detail_responses(item: dict, description: str) -> dict:
    return {
        200: OpenApiResponse(response=item, description=description),
        **NOT_MODIFIED,
        **LIST_ERRORS,
        404: NOT_FOUND,
    }


ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The record's id."
)
PAGE = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1 (default 1).",
    ),
    OpenApiParameter(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        description=f"Records per page, 1–{MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}).",
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "ndjson"],
        description="`ndjson` streams every matching record, one per line, "
        "without pages.",
    ),
]
SEARCH = OpenApiParameter(
    "search",
    OpenApiTypes.STR,
    description="Full-text search, as on the directory page: quoted phrases, "
    "`or`, `-word`; the field's abbreviations are understood.",
)
LISTING_FILTERS = [
    SEARCH,
    OpenApiParameter(
        "taxonomy_term_id",
        OpenApiTypes.UUID,
        description="Only records carrying this taxonomy term.",
    ),
    OpenApiParameter(
        "taxonomy_id",
        OpenApiTypes.UUID,
        description="Only records carrying any term of this taxonomy.",
    ),
    OpenApiParameter(
        "organization_id",
        OpenApiTypes.UUID,
        description="Only the services of this organization.",
    ),
    OpenApiParameter(
        "modified_after",
        OpenApiTypes.DATETIME,
        description="Only records modified on or after this ISO 8601 date-time "
        "(UTC when it has no offset).",
    ),
]
MINIMAL = OpenApiParameter(
    "minimal",
    OpenApiTypes.BOOL,
    description="Only each service's `id` and `last_modified` (default false), "
    f"up to {MAX_MINIMAL_PER_PAGE} per page; not with `full`.",
)
FULL = OpenApiParameter(
    "full", OpenApiTypes.BOOL, description="Fully nested records (default false)."
)
FULL_SERVICE_PARAMETER = OpenApiParameter(
    "full_service",
    OpenApiTypes.BOOL,
    description="Nest the organization's service in full (default false).",
)
