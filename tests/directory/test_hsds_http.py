"""The HSDS 3.0 API over HTTP: NDJSON streams, conditional requests, a fixed
number of queries, minimal lists, plain text and the site's own address."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.hsds import mapping
from directory.models import Listing, ListingKind
from imh_portal import query_plan
from tests.directory.hsds_api_helpers import CAPITOL_HILL, listing_at, url
from tests.directory.hsds_helpers import assert_valid
from tests.factories import (
    CredentialFactory,
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    ServiceTypeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]


# --- Streaming ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("service-list", "compiled/service_list.json"),
        ("organization-list", "compiled/organization_list.json"),
        ("service-at-location-list", "compiled/service_at_location_list.json"),
        ("taxonomy-term-list", "taxonomy_term.json"),
    ],
)
def test_ndjson_streams_every_record_one_per_line(api, rich_listing, name, schema):
    for number in range(4):
        listing_at(CAPITOL_HILL, name=f"Clinic {number}")
    total = api.get(url(name), {"per_page": 1}).json()["total_items"]
    response = api.get(url(name), {"format": "ndjson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    body = b"".join(response.streaming_content).decode()
    assert body.endswith("\n")
    lines = body.splitlines()
    assert len(lines) == total
    records = [json.loads(line) for line in lines]
    assert len({record["id"] for record in records}) == total
    for record in records:
        assert_valid(record, schema)


def test_ndjson_applies_the_filters(api, around_seattle):
    response = api.get(
        url("service-at-location-list"),
        {"format": "ndjson", "postcode": "98101", "proximity": 1700},
    )
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["service"]["name"] for line in lines] == [
        "Capitol Hill",
        "Online WA",
    ]


# --- HTTP behaviour -------------------------------------------------------


def test_unchanged_data_answers_304(api, rich_listing):
    first = api.get(url("service-list"))
    assert first["ETag"] and first["Last-Modified"]
    again = api.get(url("service-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Listing.objects.filter(pk=rich_listing.pk).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    changed = api.get(url("service-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_a_renamed_term_changes_the_etag(api, rich_listing):
    first = api.get(url("service-detail", rich_listing.uuid))
    term = rich_listing.service_types.first()
    term.name = "Renamed"
    term.save()
    again = api.get(url("service-detail", rich_listing.uuid))
    assert again["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("service-list", {}),
        ("service-list", {"full": "true"}),
        ("service-list", {"search": "clinic"}),
        ("organization-list", {}),
        ("organization-list", {"full": "true", "full_service": "true"}),
        ("service-at-location-list", {}),
        ("service-at-location-list", {"full": "true"}),
        ("service-at-location-list", {"postcode": "98101"}),
        ("service-at-location-list", {"taxonomy_term_id": "__term__"}),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    api, django_assert_max_num_queries, name, params
):
    term = ServiceTypeFactory(slug="dyadic-therapy")
    model = ModalityFactory(slug="cpp")
    for number in range(30):
        listing = listing_at(
            CAPITOL_HILL,
            name=f"Clinic {number}",
            delivery=["office", "telehealth"],
            telehealth_regions=["US-WA"],
            service_types=[term],
            modalities=[model],
        )
        LocationFactory(listing=listing)
        CredentialFactory(listing=listing)
    params = {
        key: (term.uuid if value == "__term__" else value)
        for key, value in params.items()
    }
    counts = []
    for per_page in (2, 50):
        cache.clear()  # the total would be counted once only
        query_plan.forget()  # and the search text read once only
        with django_assert_max_num_queries(12) as captured:
            response = api.get(url(name), {**params, "per_page": per_page})
        assert response.status_code == 200
        body = response.json()
        assert body["size"] == min(per_page, body["total_items"])
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_total_is_counted_once_per_filter_and_data_version(api):
    for number in range(3):
        ListingFactory(name=f"Clinic {number}")
    with CaptureQueriesContext(connection) as first:
        body = api.get(url("service-list"), {"per_page": 1}).json()
    with CaptureQueriesContext(connection) as second:
        api.get(url("service-list"), {"per_page": 1, "page": 2})
    assert body["total_items"] == 3
    assert len(second) == len(first) - 1
    ListingFactory(name="One more")
    assert api.get(url("service-list"), {"per_page": 1}).json()["total_items"] == 4
    searched = api.get(url("service-list"), {"per_page": 1, "search": "clinic 1"})
    assert searched.json()["total_items"] == 1


# --- Hardening: minimal lists, plain text, the site's own address ------------


def test_minimal_services_are_ids_and_change_times_only(api, rich_listing):
    body = api.get(url("service-list"), {"minimal": "true"}).json()
    assert body["contents"]
    for item in body["contents"]:
        assert set(item) == {"id", "last_modified"}
    assert str(rich_listing.uuid) in {item["id"] for item in body["contents"]}


def test_minimal_pages_may_hold_many_more_services(api):
    minimal = api.get(url("service-list"), {"minimal": "1", "per_page": 1000})
    assert minimal.status_code == 200
    too_many = api.get(url("service-list"), {"per_page": 1000})
    assert too_many.status_code == 400
    assert "per_page" in too_many.json()


def test_minimal_and_full_together_is_a_400(api):
    response = api.get(url("service-list"), {"minimal": "true", "full": "true"})
    assert response.status_code == 400
    assert "minimal" in response.json()


def test_minimal_services_stream_as_ndjson(api, rich_listing):
    response = api.get(url("service-list"), {"minimal": "true", "format": "ndjson"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines
    assert all(set(json.loads(line)) == {"id", "last_modified"} for line in lines)


def test_descriptions_are_plain_text_not_markdown(api):
    listing = ListingFactory(
        kind=ListingKind.ORGANIZATION,
        bio="We see **babies** and [their parents](https://example.org).\n\n"
        "- home visits\n- <b>groups</b> & <script>x()</script>classes",
    )
    record = api.get(url("service-detail", listing.uuid)).json()
    for text in (record["description"], record["organization"]["description"]):
        assert "**" not in text and "[" not in text and "<" not in text
        assert "We see babies and their parents." in text
        assert "groups & classes" in text


def test_links_use_the_requests_own_address_when_no_site_url_is_set(
    api, settings, rich_listing
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["directory.example.org"]
    record = api.get(
        url("service-detail", rich_listing.uuid), HTTP_HOST="directory.example.org"
    ).json()
    assert record["organization"]["uri"].startswith("http://directory.example.org/")
    term_uris = [
        attribute["taxonomy_term"]["term_uri"] for attribute in record["attributes"]
    ]
    assert term_uris
    assert all(uri.startswith("http://directory.example.org/") for uri in term_uris)
    assert "127.0.0.1" not in json.dumps(record)


def test_the_configured_site_url_wins_over_the_request(api, settings, rich_listing):
    settings.SITE_URL = "https://portal.example.org"
    record = api.get(url("organization-detail", mapping.organization_id(rich_listing)))
    assert record.json()["uri"].startswith("https://portal.example.org/")
