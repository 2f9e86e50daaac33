"""Properties of distances, bounding boxes and ZIP codes, on generated input.

Points come from the whole globe, with extra weight on the poles and the 180th
meridian. Runs are derandomized and keep no database of failing examples.
"""

import math

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from directory import geo
from directory.geo import (
    EARTH_RADIUS_KM,
    Point,
    bounding_box,
    haversine_km,
    km_to_miles,
    miles_to_km,
    parse_us_zip,
)
from directory.models import Listing, Location
from tests.factories import ListingFactory, LocationFactory

PURE = settings(max_examples=500, derandomize=True, database=None)
WITH_DATABASE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM
# Haversine loses precision for nearly antipodal points (asin near 1): up to a
# tenth of a metre. A metre is plenty of room for rounding.
ROUNDING_KM = 1e-3

latitudes = st.one_of(
    st.floats(-90, 90),
    st.floats(85, 90),
    st.floats(-90, -85),
    st.sampled_from([-90.0, -89.999999, 0.0, 89.999999, 90.0]),
)
longitudes = st.one_of(
    st.floats(-180, 180),
    st.floats(179, 180),
    st.floats(-180, -179),
    st.sampled_from([-180.0, -179.999999, 0.0, 179.999999, 180.0]),
)
points = st.builds(Point, latitudes, longitudes)
# The directory searches 5 to 100 miles; the box must hold for any radius.
radii_km = st.one_of(
    st.floats(miles_to_km(geo.MIN_RADIUS_MILES), miles_to_km(geo.MAX_RADIUS_MILES)),
    st.floats(0, 2_000),
    st.floats(0, HALF_CIRCUMFERENCE_KM),
)

SEATTLE = Point(47.6062, -122.3321)
NORTH_POLE = Point(90.0, 0.0)
SOUTH_POLE = Point(-90.0, 0.0)
DATE_LINE_EAST = Point(52.0, 179.9)
DATE_LINE_WEST = Point(-17.7, -179.9)


def destination(centre: Point, bearing_degrees: float, km: float) -> Point:
    """The point ``km`` from ``centre`` along a bearing, on the sphere."""
    lat1 = math.radians(centre.latitude)
    lng1 = math.radians(centre.longitude)
    angle, theta = km / EARTH_RADIUS_KM, math.radians(bearing_degrees)
    lat2 = math.asin(
        max(
            -1.0,
            min(
                1.0,
                math.sin(lat1) * math.cos(angle)
                + math.cos(lat1) * math.sin(angle) * math.cos(theta),
            ),
        )
    )
    lng2 = lng1 + math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(lat1),
        math.cos(angle) - math.sin(lat1) * math.sin(lat2),
    )
    longitude = (math.degrees(lng2) + 180.0) % 360.0 - 180.0
    return Point(math.degrees(lat2), longitude)


# --- Haversine ---------------------------------------------------------------


@example(NORTH_POLE, SOUTH_POLE)
@example(DATE_LINE_EAST, DATE_LINE_WEST)
@example(Point(0.0, 180.0), Point(0.0, -180.0))
@given(points, points)
@PURE
def test_the_distance_from_a_to_b_is_the_distance_from_b_to_a(a, b):
    assert haversine_km(a, b) == pytest.approx(haversine_km(b, a), abs=ROUNDING_KM)


@example(NORTH_POLE)
@example(Point(0.0, 180.0))
@given(points)
@PURE
def test_every_point_is_no_distance_from_itself(point):
    assert haversine_km(point, point) == 0


@example(NORTH_POLE, SOUTH_POLE)
@example(Point(0.0, 0.0), Point(0.0, 180.0))
@given(points, points)
@PURE
def test_no_two_points_are_further_apart_than_half_the_earths_circumference(a, b):
    distance = haversine_km(a, b)
    assert 0 <= distance <= HALF_CIRCUMFERENCE_KM + ROUNDING_KM


@given(points, points, points)
@PURE
def test_going_by_way_of_a_third_point_is_never_shorter(a, b, c):
    assert haversine_km(a, c) <= haversine_km(a, b) + haversine_km(b, c) + ROUNDING_KM


def _turned(point: Point, degrees: float) -> Point:
    longitude = (point.longitude + degrees + 180.0) % 360.0 - 180.0
    return Point(point.latitude, longitude)


@example(Point(0.0, 179.0), Point(0.0, -179.0), 1.0)
@example(DATE_LINE_EAST, DATE_LINE_WEST, 180.0)
@given(points, points, st.floats(-360, 360))
@PURE
def test_turning_the_earth_about_its_axis_changes_no_distance(a, b, degrees):
    # Whichever side of the 180th meridian the points end up on.
    turned = haversine_km(_turned(a, degrees), _turned(b, degrees))
    assert turned == pytest.approx(haversine_km(a, b), abs=ROUNDING_KM)


@given(latitudes)
@PURE
def test_longitudes_180_and_minus_180_are_the_same_meridian(latitude):
    east, west = Point(latitude, 180.0), Point(latitude, -180.0)
    assert haversine_km(east, west) == pytest.approx(0, abs=ROUNDING_KM)


# --- Bounding boxes ----------------------------------------------------------


@example(SEATTLE, 160.0, 0.0, 1.0)
@example(NORTH_POLE, 50.0, 180.0, 1.0)
@example(Point(89.9, 0.0), 50.0, 0.0, 1.0)  # the circle reaches over the pole
@example(Point(-89.9, 45.0), 50.0, 180.0, 1.0)
@example(DATE_LINE_EAST, 50.0, 90.0, 1.0)
@example(DATE_LINE_WEST, 50.0, 270.0, 1.0)
@example(Point(0.0, 180.0), 8.0, 90.0, 1.0)
@example(Point(0.0, 0.0), HALF_CIRCUMFERENCE_KM, 0.0, 1.0)
@given(
    points,
    radii_km,
    st.floats(0, 360, exclude_max=True),
    st.one_of(st.floats(0, 1), st.just(1.0)),
)
@PURE
def test_every_point_within_the_radius_lies_inside_the_bounding_box(
    centre, km, bearing, fraction
):
    point = destination(centre, bearing, km * fraction)
    distance = haversine_km(centre, point)
    assert distance <= km + ROUNDING_KM  # the generator is right
    # Near the poles the generator's own rounding can put the point a centimetre
    # further out: test the box for the distance the app itself measures.
    box = bounding_box(centre, max(km, distance))

    assert box.min_latitude <= point.latitude <= box.max_latitude
    assert box.min_longitude <= point.longitude <= box.max_longitude


@given(points, radii_km)
@PURE
def test_a_bounding_box_never_leaves_the_globe(centre, km):
    box = bounding_box(centre, km)
    assert -90 <= box.min_latitude <= centre.latitude <= box.max_latitude <= 90
    assert -180 <= box.min_longitude <= centre.longitude <= box.max_longitude <= 180


# --- Units and ZIP codes -----------------------------------------------------


@given(st.floats(0, 1e6))
@PURE
def test_miles_to_kilometres_and_back_gives_the_same_distance(miles):
    assert km_to_miles(miles_to_km(miles)) == pytest.approx(miles, rel=1e-12)
    assert miles_to_km(km_to_miles(miles)) == pytest.approx(miles, rel=1e-12)
    assert miles_to_km(miles) >= miles


ASCII_DIGITS = "0123456789"
# Characters that could pass for part of a ZIP code, and ones that could not.
ZIP_LOOKALIKES = (
    ASCII_DIGITS * 4 + "-- \t\n\u00a0\u3000+._–/aZ"
    "\u0663\u0967\uff19\U0001d7d9"  # Arabic-Indic, Devanagari, fullwidth, maths
)


def _zip_code(text: str) -> str | None:
    """The oracle: five ASCII digits, optionally "-" and four more, in whitespace."""
    core = text.strip()  # str.strip() removes exactly the characters \s matches
    digits = core[:5]
    plus_four = core[5:]
    if len(digits) != 5 or not all(ch in ASCII_DIGITS for ch in digits):
        return None
    if plus_four and not (
        len(plus_four) == 5
        and plus_four[0] == "-"
        and all(ch in ASCII_DIGITS for ch in plus_four[1:])
    ):
        return None
    return digits


whitespace = st.text(alphabet=" \t\n\r\u00a0", max_size=3)
five_digits = st.text(alphabet=ASCII_DIGITS, min_size=5, max_size=5)
four_digits = st.text(alphabet=ASCII_DIGITS, min_size=4, max_size=4)


@given(whitespace, five_digits, st.one_of(st.just(""), four_digits), whitespace)
@PURE
def test_five_digits_with_an_optional_plus_four_are_a_zip_code(
    before, zip_code, plus_four, after
):
    text = before + zip_code + (f"-{plus_four}" if plus_four else "") + after
    assert parse_us_zip(text) == zip_code


@example("٩٨١٠١")  # Arabic-Indic digits
@example("９８１０１")  # fullwidth digits, as a Japanese keyboard types them
@example("98101-１２３４")
@given(
    st.one_of(
        st.text(alphabet=ZIP_LOOKALIKES, max_size=14),
        st.text(max_size=14),
    )
)
@PURE
def test_nothing_but_five_ascii_digits_and_an_optional_plus_four_is_a_zip_code(text):
    assert parse_us_zip(text) == _zip_code(text)


# --- The SQL haversine -------------------------------------------------------


@pytest.fixture
def listing(db):
    return ListingFactory()


@example(SEATTLE, [Point(45.5152, -122.6784), Point(40.7128, -74.0060)])
@example(NORTH_POLE, [SOUTH_POLE, Point(89.0, 123.0), Point(0.0, 0.0)])
@example(DATE_LINE_EAST, [DATE_LINE_WEST, Point(52.0, -179.9)])
@example(Point(0.0, 0.0), [Point(0.0, 180.0), Point(0.0, -180.0)])
@given(points, st.lists(points, min_size=1, max_size=5))
@WITH_DATABASE
def test_the_sql_distance_agrees_with_the_python_distance_to_the_metre(
    listing, centre, others
):
    with transaction.atomic():
        locations = [
            LocationFactory(listing=listing, latitude=p.latitude, longitude=p.longitude)
            for p in others
        ]
        in_sql = dict(
            Location.objects.filter(pk__in=[location.pk for location in locations])
            .annotate(km=geo.distance_km_expression(centre))
            .values_list("pk", "km")
        )
        transaction.set_rollback(True)

    for location, point in zip(locations, others, strict=True):
        assert in_sql[location.pk] == pytest.approx(
            haversine_km(centre, point), abs=0.001
        )


@example(DATE_LINE_EAST, 50.0, [(90.0, 0.5), (270.0, 0.99), (0.0, 1.5)])
@example(Point(89.9, 0.0), 50.0, [(0.0, 0.9), (180.0, 0.9), (90.0, 1.2)])
@given(
    points,
    st.floats(miles_to_km(geo.MIN_RADIUS_MILES), miles_to_km(geo.MAX_RADIUS_MILES)),
    st.lists(
        st.tuples(st.floats(0, 360, exclude_max=True), st.floats(0, 2)),
        min_size=1,
        max_size=6,
    ),
)
@settings(WITH_DATABASE, max_examples=30)
def test_near_finds_exactly_the_listings_within_the_radius(db, centre, km, placements):
    with transaction.atomic():
        distances = {}
        for bearing, fraction in placements:
            point = destination(centre, bearing, km * fraction)
            location = LocationFactory(
                latitude=point.latitude, longitude=point.longitude
            )
            distances[location.listing_id] = haversine_km(centre, point)
        found = {
            listing.pk: listing.distance_km
            for listing in Listing.objects.near(centre, km)
        }
        transaction.set_rollback(True)

    # Points a metre either side of the circle could go either way.
    inside = {pk for pk, d in distances.items() if d <= km - ROUNDING_KM}
    outside = {pk for pk, d in distances.items() if d > km + ROUNDING_KM}
    assert inside <= found.keys()
    assert not outside & found.keys()
    for pk, distance_km in found.items():
        assert distance_km == pytest.approx(distances[pk], abs=0.001)
