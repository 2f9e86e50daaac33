"""A provider's input is validated once and each new site found on the map once,
whichever door it comes through."""

import pytest
from django.urls import reverse

from directory.models import Listing, PlaceQuerySet
from tests.directory.test_provider_pages import LISTING, LISTING_DATA, SEATTLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]


@pytest.fixture
def map_lookups(monkeypatch):
    """Every time a site's ZIP code or city is looked up on the map."""
    calls = []
    look_up = PlaceQuerySet.for_address

    def counted(self, **address):
        calls.append(address)
        return look_up(self, **address)

    monkeypatch.setattr(PlaceQuerySet, "for_address", counted)
    return calls


def test_a_new_site_is_looked_up_on_the_map_once(provider_client, map_lookups):
    response = provider_client.post(reverse("directory:create"), LISTING_DATA)
    assert response.status_code == 302
    assert len(map_lookups) == 1
    location = Listing.objects.get().locations.get()
    assert location.latitude and location.longitude


def test_a_site_sent_through_the_api_is_looked_up_once_too(
    provider_client, map_lookups
):
    site = {name: value for name, value in SEATTLE.items() if name != "show_address"}
    body = {**LISTING, "locations": [site]}
    response = provider_client.post(
        reverse("api:my-listing-list"), body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert len(map_lookups) == 1
