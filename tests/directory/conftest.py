import datetime
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from directory.models import Listing, Location, Place, PlaceKind
from tests.directory.hsds_api_helpers import (
    BELLEVUE,
    CAPITOL_HILL,
    PORTLAND,
    TACOMA,
    listing_at,
)
from tests.factories import (
    CredentialFactory,
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    PlaceFactory,
    ServiceTypeFactory,
)


@pytest.fixture
def map_and_terms(db):
    """ZIP code 98101 on the map, and the dyadic-therapy service type."""
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    ServiceTypeFactory(slug="dyadic-therapy", name="Dyadic therapy")


@pytest.fixture
def rich_listing():
    """A program with every field the mapping reads, two sites and telehealth."""
    dyadic = ServiceTypeFactory(slug="dyadic-therapy")
    visiting = ServiceTypeFactory(slug="home-visiting", name="Home visiting")
    cpp = ModalityFactory(slug="cpp", name="Child-Parent Psychotherapy")
    listing = ListingFactory(
        kind=Listing.Kind.ORGANIZATION,
        name="Harbor Family Therapy",
        organization="Harbor Health",
        bio="We see parents and babies together.",
        qualifications="LCSW",
        age_bands=["prenatal", "0-12m", "12-24m"],
        languages=["en", "es", "asl"],
        delivery=["office", "telehealth"],
        telehealth_regions=["US-WA", "US-OR"],
        payment=["medicaid", "sliding_scale"],
        accepting="waitlist",
        phone="206-555-0100",
        public_email="hello@harbor.example",
        website="https://harbor.example/",
        verified_on=datetime.date(2026, 5, 1),
        service_types=[dyadic, visiting],
        modalities=[cpp],
    )
    LocationFactory(
        listing=listing,
        label="Main clinic",
        address="1 Pike St",
        latitude=CAPITOL_HILL[0],
        longitude=CAPITOL_HILL[1],
    )
    LocationFactory(
        listing=listing,
        address="22 Home Lane",
        city="Bellevue",
        postal_code="98004",
        latitude=47.612345,
        longitude=-122.201567,
        point_source=Location.PointSource.EXACT,
        show_address=False,
    )
    CredentialFactory(listing=listing, kind="imhs", verified_on=None)
    CredentialFactory(
        listing=listing, kind="pmh_c", verified_on=datetime.date(2026, 4, 2)
    )
    return listing


@pytest.fixture
def around_seattle():
    """Four sites at hand-checked distances from ZIP code 98101, and two
    telehealth services: one for Washington, one for Oregon."""
    return {
        "capitol_hill": listing_at(CAPITOL_HILL, name="Capitol Hill"),
        "bellevue": listing_at(BELLEVUE, name="Bellevue"),
        "tacoma": listing_at(TACOMA, name="Tacoma"),
        "portland": listing_at(PORTLAND, name="Portland"),
        "online_wa": ListingFactory(
            name="Online WA", delivery=["telehealth"], telehealth_regions=["US-WA"]
        ),
        "online_or": ListingFactory(
            name="Online OR", delivery=["telehealth"], telehealth_regions=["US-OR"]
        ),
    }


@dataclass(frozen=True)
class PackagedPlaces:
    """What one run of ``load_places`` did."""

    output: str  # what it printed
    found: list[dict]  # the places on the map before it ran
    places: list[dict]  # the places on the map after it ran


# On the map before the run, as a second run finds it: a ZIP code the data
# also holds (put in the wrong spot), and a town the data does not hold.
PLACES_BEFORE = [
    {"kind": PlaceKind.POSTAL_CODE, "name": "98101", "latitude": 0, "longitude": 0},
    {"kind": PlaceKind.CITY, "name": "Atlantis", "latitude": 47, "longitude": -122},
]


@pytest.fixture(scope="session")
def packaged_places(django_db_setup, django_db_blocker) -> PackagedPlaces:
    """``load_places`` run once per session: reading the packaged ZIP codes and
    cities takes seconds. It runs over a map that already holds places, in a
    transaction that is rolled back, so no other test finds the map full;
    ``places_on_the_map`` puts its places on a test's map."""
    fields = ["kind", "name", "search_name", "region", "country"]
    fields += ["latitude", "longitude", "population"]
    with django_db_blocker.unblock(), transaction.atomic():
        for place in PLACES_BEFORE:
            PlaceFactory(region="US-WA", **place)
        found = list(Place.objects.values(*fields))
        output = StringIO()
        call_command("load_places", stdout=output)
        places = list(Place.objects.values(*fields))
        transaction.set_rollback(True)
    return PackagedPlaces(output.getvalue(), found, places)


@pytest.fixture
def places_on_the_map(db, packaged_places) -> None:
    """The places ``load_places`` makes of the packaged data, on the map."""
    Place.objects.all().delete()
    Place.objects.bulk_create(
        (Place(**place) for place in packaged_places.places), batch_size=5000
    )
