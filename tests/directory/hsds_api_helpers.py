"""What the HSDS API tests share: addresses, places and a few readers."""

from django.urls import reverse

from directory.models import Listing
from tests.directory.hsds_helpers import assert_page
from tests.factories import ListingFactory, LocationFactory

# The centre of ZIP code 98101 (see the map_and_terms fixture) and points whose
# distances from it were worked out by hand with the haversine formula.
CAPITOL_HILL = (47.6253, -122.3222)  # 1.67 km
BELLEVUE = (47.6101, -122.2015)  # 9.67 km
TACOMA = (47.2529, -122.4443)  # 40.77 km: just beyond the default 40 km
PORTLAND = (45.5152, -122.6784)  # 234.6 km


def url(name: str, record_id=None) -> str:
    args = [str(record_id)] if record_id is not None else []
    return reverse(f"hsds:{name}", args=args)


def listing_at(point, **fields) -> Listing:
    listing = ListingFactory(**fields)
    LocationFactory(listing=listing, latitude=point[0], longitude=point[1])
    return listing


def ids_of(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["contents"]}


def services_near(api, **params) -> list[str]:
    response = api.get(url("service-at-location-list"), params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert_page(body, "compiled/service_at_location_list.json")
    return [item["service"]["name"] for item in body["contents"]]
