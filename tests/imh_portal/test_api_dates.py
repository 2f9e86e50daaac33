"""Date parameters: anything the database cannot hold is a 400 naming the
parameter, on every endpoint that takes one, before a byte is streamed."""

from datetime import timedelta, timezone

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, LocationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "api:resource-list",
    "api:listing-list",
    "api-resources-export",
    "api-listings-export",
    "hsds:service-list",
    "hsds:organization-list",
    "hsds:service-at-location-list",
]
IMPOSSIBLE = [
    "2020-01-01T00:00:00-16:45",  # an offset PostgreSQL refuses
    "2020-01-01T00:00:00+15:00",  # beyond any time zone on Earth
    "0001-01-01",  # the first day of the calendar
    "0001-01-01T00:00:00+01:00",  # before it, in UTC
    "9999-12-31T23:59:59-14:00",  # after its last day, in UTC
    "9999-12-31",
    "2026-02-30",
    "yesterday",
    "2026-11-01T25:00:00",
    "",
]


@pytest.fixture(autouse=True)
def one_record_of_each():
    """A resource and a listing, so that every list has something to show."""
    ResourceFactory()
    LocationFactory(listing=ListingFactory())


@pytest.mark.parametrize("value", IMPOSSIBLE)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_impossible_modified_after_is_a_400_naming_it(api, endpoint, value):
    response = api.get(reverse(endpoint), {"modified_after": value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "modified_after" in response.json()


@pytest.mark.parametrize(
    "value",
    ["2020-01-01", "2020-01-01T00:00:00Z", "2020-01-01T09:30:00+14:00", "1900-01-01"],
)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_real_modified_after_answers_with_the_changes(api, endpoint, value):
    response = api.get(reverse(endpoint), {"modified_after": value})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else b""
    if reverse(endpoint).endswith(".csv"):
        assert body.count(b"\n") == 2  # the header and the one record


def test_an_offset_is_read_as_the_same_moment_in_utc(api):
    resource = ResourceFactory()
    new_york = timezone(timedelta(hours=-5))
    url = reverse("api:resource-list")

    def listed_after(moment) -> set[str]:
        value = moment.astimezone(new_york).isoformat()
        return {
            row["slug"]
            for row in api.get(url, {"modified_after": value}).json()["results"]
        }

    assert resource.slug in listed_after(resource.updated_at - timedelta(seconds=1))
    assert resource.slug not in listed_after(resource.updated_at + timedelta(seconds=1))
