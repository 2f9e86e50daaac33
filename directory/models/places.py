"""The places families search from: ZIP codes and cities with their centres."""

import pycountry
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import TrigramSimilarity
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.geo import Point, parse_us_zip
from imh_portal.vocabulary import REGION_PATTERN, subdivision_name
from imh_portal.words import fold


class PlaceKind(models.TextChoices):
    POSTAL_CODE = "postal_code", _("ZIP code")
    CITY = "city", _("City")


class PlaceQuerySet(models.QuerySet):
    def lookup(self, text: str) -> "Place | None":
        """The place a visitor means by "98101", "Seattle" or "Vancouver, BC"."""
        zip_code = parse_us_zip(text)
        if zip_code:
            return self.filter(kind=PlaceKind.POSTAL_CODE, name=zip_code).first()
        city, _, region = (part.strip() for part in (text or "").partition(","))
        if not fold(city).strip():
            return None
        cities = self.filter(kind=PlaceKind.CITY, search_name=fold(city))
        if region:
            codes = region_codes(region)
            if not codes:
                return None
            cities = cities.filter(region__in=codes)
        return cities.order_by("-population", "region").first()

    def for_address(
        self, *, postal_code: str, city: str, region: str
    ) -> "Place | None":
        """The point an address sits at: its ZIP code's centre, else its city's."""
        return self.lookup(postal_code) or self.lookup(
            f"{city}, {region.split('-')[-1]}"
        )

    def suggestions(self, text: str, limit: int = 5) -> list["Place"]:
        """Cities whose names are closest to a name we could not find."""
        city = fold(((text or "").partition(",")[0]).strip())
        if len(city) < 3:
            return []
        return list(
            self.filter(kind=PlaceKind.CITY, search_name__trigram_similar=city)
            .annotate(similarity=TrigramSimilarity("search_name", city))
            .order_by("-similarity", "-population")[:limit]
        )


class Place(models.Model):
    """A ZIP code or a city with its centre point, loaded from packaged data."""

    kind = models.CharField(max_length=16, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False)
    region = models.CharField(_("region"), max_length=6)
    country = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField()
    longitude = models.FloatField()
    population = models.PositiveIntegerField(default=0)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        indexes = [
            models.Index(fields=["kind", "search_name"], name="place_lookup"),
            GinIndex(OpClass("search_name", name="gin_trgm_ops"), name="place_trigram"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "region"], name="place_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(region__regex=REGION_PATTERN),
                name="place_region_iso_3166",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_on_earth",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == PlaceKind.POSTAL_CODE:
            return self.name
        return f"{self.name}, {self.region.split('-')[-1]}"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def point(self) -> Point:
        return Point(self.latitude, self.longitude)

    @property
    def region_name(self) -> str:
        """The state or province in words, as in "By video in Washington"."""
        return subdivision_name(self.region)


def region_codes(text: str) -> list[str]:
    """ISO 3166-2 codes a visitor may mean by "WA", "Washington" or "BC"."""
    wanted = text.strip()
    codes = []
    for country in ("US", "CA"):
        code = f"{country}-{wanted.upper()}"
        if pycountry.subdivisions.get(code=code):
            codes.append(code)
    if not codes:
        folded = fold(wanted)
        codes = [
            subdivision.code
            for country in ("US", "CA")
            for subdivision in pycountry.subdivisions.get(country_code=country)
            if fold(subdivision.name) == folded
        ]
    return codes
