"""How the directory's list appears in the OpenAPI document: its own parameters
(beside its FilterSet's) and an example record."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

LISTING_PARAMETERS = [
    OpenApiParameter(
        "near",
        OpenApiTypes.STR,
        description='A US ZIP code ("98101") or a city ("Seattle", "Vancouver, '
        'BC"). Results then carry `distance_km` and come nearest first, with '
        "telehealth providers serving that state or country after them.",
    ),
    OpenApiParameter(
        "radius",
        {"type": "number", "minimum": 1, "maximum": 160},
        description="Distance from `near`, 5 to 100 miles (8 to 160 km); 25 by "
        "default.",
    ),
    OpenApiParameter(
        "service",
        OpenApiTypes.STR,
        many=True,
        description="Service type slugs from /api/v1/service-types/.",
    ),
    OpenApiParameter(
        "model",
        OpenApiTypes.STR,
        many=True,
        description="Model or modality slugs from /api/v1/modalities/.",
    ),
    OpenApiParameter("q", OpenApiTypes.STR, description="Full-text search."),
]

LISTING_EXAMPLE = OpenApiExample(
    "A listing near a ZIP code",
    response_only=True,
    value={
        "slug": "harbor-family-therapy",
        "name": "Harbor Family Therapy",
        "kind": "organization",
        "service_types": ["dyadic-therapy"],
        "languages": ["en", "es"],
        "accepting": "waitlist",
        "distance_km": 3.4,
        "is_sample": False,
    },
)
