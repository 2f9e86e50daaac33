"""Listings: near-me search in SQL, visibility, ownership, database upkeep."""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import IntegrityError, transaction

from directory.geo import Point, haversine_km, miles_to_km
from directory.models import Listing, months_before
from imh_portal.search import SEARCH_CONFIG
from tests.factories import (
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    ServiceTypeFactory,
)

pytestmark = pytest.mark.django_db

DOWNTOWN_SEATTLE = Point(47.6114, -122.3305)  # ZIP 98101
# Reference distances from downtown Seattle, to the metre.
TACOMA = (Point(47.2529, -122.4443), 40.77)
EVERETT = (Point(47.9790, -122.2021), 41.99)
OLYMPIA = (Point(47.0379, -122.9007), 76.90)
PORTLAND = (Point(45.5152, -122.6784), 234.60)


def listing_at(name: str, point: Point, **fields) -> Listing:
    listing = ListingFactory(name=name, **fields)
    LocationFactory(listing=listing, latitude=point.latitude, longitude=point.longitude)
    return listing


@pytest.fixture
def washington():
    for name, (point, _km) in {
        "Tacoma": TACOMA,
        "Everett": EVERETT,
        "Olympia": OLYMPIA,
        "Portland": PORTLAND,
    }.items():
        listing_at(name, point)


def test_the_reference_distances_match_the_python_haversine():
    for point, km in (TACOMA, EVERETT, OLYMPIA, PORTLAND):
        assert haversine_km(DOWNTOWN_SEATTLE, point) == pytest.approx(km, abs=0.01)


def test_near_orders_by_distance_and_reports_it(washington):
    rows = Listing.objects.near(DOWNTOWN_SEATTLE, 100).by_distance()
    assert [(row.name, round(row.distance_km, 2)) for row in rows] == [
        ("Tacoma", 40.77),
        ("Everett", 41.99),
        ("Olympia", 76.90),
    ]


@pytest.mark.parametrize(
    ("km", "names"),
    [
        (40.76, []),
        (40.78, ["Tacoma"]),
        (miles_to_km(25), []),  # 40.23 km: Tacoma, at 40.77, is just outside
        (42.0, ["Tacoma", "Everett"]),
        (miles_to_km(100), ["Tacoma", "Everett", "Olympia"]),
        (300, ["Tacoma", "Everett", "Olympia", "Portland"]),
    ],
)
def test_the_radius_bounds_the_results_exactly(washington, km, names):
    rows = Listing.objects.near(DOWNTOWN_SEATTLE, km).by_distance()
    assert [row.name for row in rows] == names


def test_a_listing_counts_once_at_its_nearest_location():
    listing = listing_at("Two sites", OLYMPIA[0])
    LocationFactory(
        listing=listing, latitude=TACOMA[0].latitude, longitude=TACOMA[0].longitude
    )
    rows = list(Listing.objects.near(DOWNTOWN_SEATTLE, 100))
    assert len(rows) == 1
    assert rows[0].distance_km == pytest.approx(40.77, abs=0.01)


def test_telehealth_listings_serving_the_region_come_after_nearby_ones(washington):
    ListingFactory(
        name="Statewide telehealth",
        delivery=["telehealth"],
        telehealth_regions=["US-WA"],
    )
    ListingFactory(
        name="Oregon telehealth", delivery=["telehealth"], telehealth_regions=["US-OR"]
    )
    ListingFactory(
        name="Nationwide telehealth", delivery=["telehealth"], telehealth_regions=["US"]
    )
    rows = Listing.objects.near(DOWNTOWN_SEATTLE, 50, region="US-WA").by_distance()
    assert [row.name for row in rows] == [
        "Tacoma",
        "Everett",
        "Nationwide telehealth",
        "Statewide telehealth",
    ]
    assert rows[2].distance_km is None


def test_only_live_and_recently_confirmed_listings_are_visible():
    today = datetime.date(2026, 11, 22)
    ListingFactory(name="Live", confirmed_on=today)
    ListingFactory(name="Edits waiting", status="changes_pending", confirmed_on=today)
    ListingFactory(name="Stale", confirmed_on=datetime.date(2025, 9, 1))
    ListingFactory(name="Too old", confirmed_on=datetime.date(2025, 5, 21))
    for status in ["draft", "pending", "rejected", "withdrawn", "suspended"]:
        ListingFactory(name=status, status=status, published_at=None)
    visible = Listing.objects.published(today=today).order_by("name")
    assert [row.name for row in visible] == ["Edits waiting", "Live", "Stale"]
    stale = Listing.objects.get(name="Stale")
    assert stale.is_stale(today=today)
    assert not Listing.objects.get(name="Live").is_stale(today=today)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 22), 13, datetime.date(2025, 10, 22)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 8, 29), 18, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 1, 15), 18, datetime.date(2024, 7, 15)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_a_provider_owns_only_their_own_listings(provider, other_provider):
    mine = ListingFactory(owner=provider)
    ListingFactory(owner=other_provider)
    assert list(Listing.objects.owned_by(provider)) == [mine]


def test_facet_ids_and_searchable_names_follow_the_taxonomy_links():
    home_visiting = ServiceTypeFactory(name="Home visiting", slug="home-visiting")
    cpp = ModalityFactory(name="Child-Parent Psychotherapy", slug="cpp")
    listing = ListingFactory(service_types=[home_visiting], modalities=[cpp])
    assert listing.service_type_ids == [home_visiting.pk]
    assert listing.modality_ids == [cpp.pk]
    query = SearchQuery("home visiting", search_type="websearch", config=SEARCH_CONFIG)
    assert Listing.objects.filter(search_vector=query).get() == listing
    home_visiting.name = "Home-based family support"
    home_visiting.save()
    listing.refresh_from_db()
    assert "Home-based family support" in listing.taxonomy_text
    listing.service_types.clear()
    listing.refresh_from_db()
    assert listing.service_type_ids == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "robot"),
        ("status", "live"),
        ("accepting", "maybe"),
        ("delivery", ["by post"]),
        ("payment", ["gold"]),
        ("age_bands", ["teen"]),
    ],
)
def test_the_database_refuses_values_outside_the_vocabularies(field, value):
    listing = ListingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listing.pk).update(**{field: value})


def test_a_live_listing_always_has_its_publication_and_confirmation_dates():
    listing = ListingFactory(status="draft", published_at=None, confirmed_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listing.pk).update(status="published")
