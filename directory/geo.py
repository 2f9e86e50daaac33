"""Distances on the earth's surface, in Python and as SQL expressions.

The directory needs "within N miles of a ZIP code" without PostGIS: a bounding
box on indexed latitude/longitude columns narrows the rows cheaply, then the
haversine distance, computed in SQL, orders and bounds them exactly.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import F, FloatField, Func

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
MIN_RADIUS_MILES = 5
MAX_RADIUS_MILES = 100

US_ZIP = re.compile(r"^\s*([0-9]{5})(?:-[0-9]{4})?\s*$")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise ValueError(f"Not a point on earth: {self.latitude}, {self.longitude}")


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float


def miles_to_km(miles: float) -> float:
    return miles * KM_PER_MILE


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat2 - lat1
    d_lng = math.radians(b.longitude - a.longitude)
    h = (
        math.sin(d_lat / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin(d_lng / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: Point, km: float) -> BoundingBox:
    """The latitude/longitude box that contains every point within ``km``.

    Near the poles, or when the box would cross the 180th meridian, the longitude
    range widens to the whole circle: the exact distance test then decides.
    """
    # A centimetre of margin keeps points exactly on the circle inside despite
    # floating-point rounding.
    km += 1e-5
    d_lat = math.degrees(km / EARTH_RADIUS_KM)
    min_lat = max(-90.0, centre.latitude - d_lat)
    max_lat = min(90.0, centre.latitude + d_lat)
    cos_lat = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    if cos_lat < 1e-9:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    d_lng = math.degrees(km / (EARTH_RADIUS_KM * cos_lat))
    min_lng, max_lng = centre.longitude - d_lng, centre.longitude + d_lng
    if d_lng >= 180 or min_lng < -180 or max_lng > 180:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    return BoundingBox(min_lat, max_lat, min_lng, max_lng)


class DistanceKm(Func):
    """Haversine distance from a fixed centre to each row's point, in km, in SQL.

    One node rather than a tree of arithmetic expressions: the ORM resolves and
    copies it many times per search, and a deep tree made that costly.
    """

    output_field = FloatField()

    def __init__(
        self, centre: Point, latitude: str = "latitude", longitude: str = "longitude"
    ):
        super().__init__(F(latitude), F(longitude))
        self.centre = centre

    def as_sql(self, compiler, connection, **extra_context):
        latitude, lat_params = compiler.compile(self.source_expressions[0])
        longitude, lng_params = compiler.compile(self.source_expressions[1])
        sql = (
            "(%s * asin(least(1.0, sqrt("
            f"power(sin((radians({latitude}) - %s) / 2), 2)"
            f" + %s * cos(radians({latitude}))"
            f" * power(sin((radians({longitude}) - %s) / 2), 2)))))"
        )
        centre_latitude = math.radians(self.centre.latitude)
        params = [
            2 * EARTH_RADIUS_KM,
            *lat_params,
            centre_latitude,
            math.cos(centre_latitude),
            *lat_params,
            *lng_params,
            math.radians(self.centre.longitude),
        ]
        return sql, params


def distance_km_expression(
    centre: Point, latitude: str = "latitude", longitude: str = "longitude"
) -> DistanceKm:
    """Haversine distance from ``centre`` to each row's point, in kilometres, in SQL."""
    return DistanceKm(centre, latitude, longitude)


def parse_us_zip(text: str) -> str | None:
    """The five-digit ZIP code in ``text`` ("98101" or "98101-1234"), or None."""
    match = US_ZIP.match(text or "")
    return match[1] if match else None
