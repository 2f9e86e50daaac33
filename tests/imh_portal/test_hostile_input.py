"""A sweep of hostile query strings over every public page and API list: huge,
empty, unicode, NUL, right-to-left, SQL-ish and script values in every query
parameter each one reads. Whatever comes in, the answer is never a 5xx, and a
script never comes back unescaped."""

import itertools
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from directory.filters import ListingFilterSet
from resources.filters import ResourceFilterSet
from tests.factories import (
    ListingFactory,
    LocationFactory,
    PlaceFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db


class RawValue(str):
    """A value sent exactly as written, already percent-encoded."""


def query_string(parameter: str, value: str) -> str:
    encoded = value if isinstance(value, RawValue) else quote(value, safe="")
    return f"?{parameter}={encoded}"


HOSTILE_VALUES = [
    "",
    " ",
    "x" * 5000,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "\x00",
    "bébé\x00sleep",
    "\u202eevil\u202c",  # right-to-left override
    "سلام",
    "👶🏽🍼",
    "' OR 1=1 --",
    '"; DROP TABLE resources_resource; --',
    "%00%27",
    "<script>alert(1)</script>",
    "${7*7}{{7*7}}",
    "../../etc/passwd",
    "2026-02-30T99:99:99+99:99",
    "a,b,c,,,",
    # Bytes that are not UTF-8 at all: a lone surrogate and a stray 0xFF.
    RawValue("%ED%A0%80"),
    RawValue("%FF%FE"),
]
COMMON = ["page", "format", "modified_after", "page_size", "per_page"]

PAGES = {
    "home": ["q"],
    "resources:list": [*ResourceFilterSet.base_filters, "page"],
    "directory:list": [*ListingFilterSet.base_filters, "page"],
    "guidance:role-list": ["q"],
    "guidance:handout": ["title", "resource", "listing"],
    "about": ["q"],
    "api-usage": ["q"],
    "api:resource-list": [*ResourceFilterSet.base_filters, *COMMON],
    "api:listing-list": [*ListingFilterSet.base_filters, *COMMON],
    "api:topic-list": COMMON,
    "api:role-list": COMMON,
    "api:service-type-list": COMMON,
    "api-resources-export": [*ResourceFilterSet.base_filters, "modified_after"],
    "api-listings-export": [*ListingFilterSet.base_filters, "modified_after"],
    "hsds:service-list": [
        "search",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "minimal",
        "full",
        *COMMON,
    ],
    "hsds:organization-list": ["search", "full_service", *COMMON],
    "hsds:service-at-location-list": ["search", "postcode", "proximity", *COMMON],
    "hsds:taxonomy-term-list": ["search", "taxonomy_id", *COMMON],
}


def hostile_requests() -> list[tuple[str, str, str]]:
    return [
        (name, parameter, value)
        for name, parameters in PAGES.items()
        for parameter, value in itertools.product(parameters, HOSTILE_VALUES)
    ]


def test_the_sweep_is_large_enough():
    assert len(hostile_requests()) >= 300


@pytest.mark.slow  # thousands of requests
def test_no_hostile_query_string_gets_a_server_error():
    ResourceFactory(title="Soothing a crying baby")
    LocationFactory(listing=ListingFactory(name="Harbor Family Therapy"))
    PlaceFactory(kind="postal_code", name="98101", region="US-WA")
    client = Client(raise_request_exception=False)
    failures = []
    for name, parameter, value in hostile_requests():
        response = client.get(reverse(name) + query_string(parameter, value))
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        if response.status_code >= 500:
            failures.append(
                f"{name} ?{parameter}={value[:30]!r}: {response.status_code}"
            )
        elif b"<script>alert(1)</script>" in body and not name.startswith(
            ("api", "hsds")
        ):
            failures.append(f"{name} ?{parameter}= echoes the script unescaped")
    assert not failures, "\n".join(failures)


def test_hostile_values_in_repeated_and_combined_parameters():
    client = Client(raise_request_exception=False)
    nasty = ["\x00", "x" * 5000, "<script>", "' OR 1=1"]
    for name, parameters in PAGES.items():
        query = dict.fromkeys(parameters, nasty)
        response = client.get(reverse(name), query)
        assert response.status_code < 500, name
