"""How the library's list appears in the OpenAPI document: its own parameters
(beside its FilterSet's) and an example record."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

RESOURCE_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description=(
            'Full-text search with web-search syntax: "a phrase", `or`, '
            "`-word`. Stemmed, accent-insensitive, with the field's abbreviations "
            "(PPD, PCIT, IECMHC…) and spelling correction."
        ),
    ),
    OpenApiParameter(
        "topic",
        OpenApiTypes.STR,
        many=True,
        description="Topic slugs from /api/v1/topics/; several are OR-ed.",
    ),
    OpenApiParameter(
        "audience",
        OpenApiTypes.STR,
        many=True,
        description="Role slugs from /api/v1/roles/ (who a resource is for).",
    ),
    OpenApiParameter(
        "region",
        OpenApiTypes.STR,
        many=True,
        description="ISO 3166 codes (US, US-WA, CA-BC); an empty value means "
        "resources for everywhere.",
    ),
]

RESOURCE_EXAMPLE = OpenApiExample(
    "A resource",
    response_only=True,
    value={
        "slug": "national-maternal-mental-health-hotline",
        "title": "National Maternal Mental Health Hotline",
        "kind": "service",
        "summary": "Call or text 1-833-852-6262, any time.",
        "url": "https://mchb.hrsa.gov/national-maternal-mental-health-hotline",
        "topics": ["perinatal-mental-health"],
        "audiences": ["parents-caregivers"],
        "languages": ["en", "es"],
        "cost": "free",
        "region": "US",
    },
)
