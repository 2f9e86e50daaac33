"""How the portal's own API pieces appear in the OpenAPI document."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "imh_portal.api_base.ApiKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Optional. `Authorization: Api-Key <key>` identifies a partner "
                "and lifts the anonymous rate limit. Keys are issued by the "
                "portal's administrators."
            ),
        }


# -- Documentation shared by the endpoints --------------------------------------

# Each invalid or unknown parameter (or body field) names a list of messages.
# A nested list (a listing's ``locations``) has one such object per item.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {
        "type": "array",
        "items": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "items": {"type": "string"},
                    },
                },
            ]
        },
    },
    "example": {"kind": ["Select a valid choice."]},
}
DETAIL = inline_serializer("Detail", fields={"detail": serializers.CharField()})
# A 400 names each bad parameter or field, or, when the request itself could not
# be read (malformed JSON, an oversized body), says so in ``detail``.
BAD_REQUEST = {
    "anyOf": [
        FIELD_ERRORS,
        {
            "type": "object",
            "required": ["detail"],
            "properties": {"detail": {"type": "string"}},
        },
    ],
    "example": FIELD_ERRORS["example"],
}

ERRORS = {
    400: OpenApiResponse(
        BAD_REQUEST,
        description="A parameter or field is unknown or has a bad value (each is "
        "named), or the request could not be read (`detail`).",
        examples=[
            OpenApiExample(
                "Unknown filter value",
                value={
                    "kind": [
                        "Select a valid choice. spaceship is not one of "
                        "the available choices."
                    ]
                },
            )
        ],
    ),
    401: OpenApiResponse(DETAIL, description="The API key is unknown or revoked."),
    404: OpenApiResponse(DETAIL, description="No such record, or page past the end."),
    429: OpenApiResponse(
        DETAIL,
        description=(
            "Too many requests from this client. The Retry-After header says "
            "how many seconds to wait; an API key lifts the limit."
        ),
    ),
}
NOT_MODIFIED = {
    304: OpenApiResponse(
        description="Unchanged since the ETag or date sent in If-None-Match or "
        "If-Modified-Since."
    )
}

MODIFIED_AFTER = OpenApiParameter(
    "modified_after",
    OpenApiTypes.DATETIME,
    description=(
        "Only records changed after this ISO 8601 time (a date alone means "
        "midnight UTC), oldest change first. The response then also has "
        "`removed`: tombstones of records withdrawn, archived or deleted since, "
        "kept for 90 days."
    ),
)
FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "ndjson"],
    description="`ndjson` streams every matching record, one JSON object a line, "
    "without pages.",
)
PAGE = OpenApiParameter(
    "page", {"type": "integer", "minimum": 1}, description="Page number, from 1."
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": 100},
    description="Records per page, 1 to 100 (20).",
)

LIST_PARAMETERS = [MODIFIED_AFTER, FORMAT, PAGE, PAGE_SIZE]


def documented_reads(
    serializer,
    *,
    parameters: list[OpenApiParameter] | None = None,
    example: OpenApiExample | None = None,
    faceted: bool = False,
):
    """OpenAPI details of a public read viewset: parameters, errors, examples."""
    examples = [example] if example else []
    views = {
        "retrieve": extend_schema(
            responses={200: serializer, **NOT_MODIFIED, **ERRORS}, examples=examples
        ),
        "list": extend_schema(
            parameters=[*(parameters or []), *(LIST_PARAMETERS if faceted else [])],
            responses={200: serializer, **NOT_MODIFIED, **ERRORS},
            examples=examples,
        ),
    }
    export = extend_schema(
        summary="Every matching record as CSV",
        description="Accepts every filter of the list, streamed without pages.",
        parameters=[*(parameters or []), MODIFIED_AFTER],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="One row a record, lists joined with “; ”.",
            ),
            **ERRORS,
        },
    )

    def decorate(view):
        view = extend_schema_view(**views)(view)
        if faceted:
            inherited = view.export_csv

            # A method of this class, so the documentation stays this class's.
            def export_csv(self, request, *args, **kwargs):
                return inherited(self, request, *args, **kwargs)

            view.export_csv = export(export_csv)
        return view

    return decorate


LANGUAGE_PARAMETER = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["en", "es"]},
    "description": "The language of translated texts (topic, role, service and "
    "model names and descriptions; help lines; Spanish readers' summaries). "
    "Without it, the Accept-Language header chooses; English by default.",
}


# A provider's own records are not translated; every public read is.
UNTRANSLATED_PREFIX = "/api/v1/me/"


def document_language(result, generator, request, public):
    """drf-spectacular hook: every public read takes ``lang`` (and answers an
    unknown one with a 400 naming it)."""
    for path, operations in result.get("paths", {}).items():
        if path.startswith(UNTRANSLATED_PREFIX):
            continue
        for method, operation in operations.items():
            if method != "get":
                continue
            operation.setdefault("parameters", []).append(LANGUAGE_PARAMETER)
            operation.setdefault("responses", {}).setdefault(
                "400",
                {
                    "description": "A parameter has a bad value (each is named).",
                    "content": {"application/json": {"schema": FIELD_ERRORS}},
                },
            )
    return result
