"""Where a listing sees families: its sites and their points on the map."""

from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.geo import Point
from imh_portal.vocabulary import REGION_PATTERN, validate_region


class Location(models.Model):
    """Where a listing sees families; its point defaults to the ZIP code's centre."""

    class PointSource(models.TextChoices):
        POSTAL_CODE = "postal_code", _("Centre of the ZIP or postal code")
        EXACT = "exact", _("Set by a moderator")

    uuid = models.UUIDField(db_default=RandomUUID(), unique=True, editable=False)
    # By name: listings' queries read locations, so listings import this module.
    listing = models.ForeignKey(
        "directory.Listing", on_delete=models.CASCADE, related_name="locations"
    )
    label = models.CharField(_("name of the site"), max_length=120, blank=True)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120)
    region = models.CharField(
        _("state or province"), max_length=6, validators=[validate_region]
    )
    postal_code = models.CharField(_("ZIP or postal code"), max_length=10)
    country = models.CharField(_("country"), max_length=2, default="US")
    latitude = models.FloatField()
    longitude = models.FloatField()
    point_source = models.CharField(
        max_length=16, choices=PointSource.choices, default=PointSource.POSTAL_CODE
    )
    show_address = models.BooleanField(
        _("show the street address"),
        default=True,
        help_text=_("Turn off for a home-based practice: only the city shows."),
    )

    class Meta:
        verbose_name = _("location")
        indexes = [
            # Covering: the near-me filter reads locations from the index alone.
            models.Index(
                fields=["latitude", "longitude"],
                include=["listing_id"],
                name="location_point",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__regex=REGION_PATTERN),
                name="location_region_iso_3166",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="location_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label or self.city}, {self.region}"

    @property
    def point(self) -> Point:
        return Point(self.latitude, self.longitude)
