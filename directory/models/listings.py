"""A provider's public entry, how families find it, and the choices it offers."""

import datetime

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import (
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.geo import Point
from directory.models.freshness import (
    HIDDEN_AFTER_MONTHS,
    STALE_AFTER_MONTHS,
    hidden_at,
    months_before,
)
from directory.models.locations import Location
from directory.models.taxonomies import Modality, ServiceType
from imh_portal import search
from imh_portal.fields import WebAddressField
from imh_portal.models.choices import QuickChoiceLabels
from imh_portal.sync import SyncableQuerySet, tombstone
from imh_portal.vocabulary import LANGUAGE_CODES, LANGUAGES, AgeBand, region_name


class ListingKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual practitioner")
    ORGANIZATION = "organization", _("Organization or program")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    CHANGES_PENDING = "changes_pending", _("Published, changes pending review")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")


# A published listing stays live while its owner's edits wait for review.
LIVE_STATUSES = [ListingStatus.PUBLISHED, ListingStatus.CHANGES_PENDING]


class Delivery(models.TextChoices):
    OFFICE = "office", _("In an office or clinic")
    HOME = "home_visits", _("Home visits")
    TELEHEALTH = "telehealth", _("Telehealth")
    COMMUNITY = "community", _("Community or child care sites")


class Payment(models.TextChoices):
    MEDICAID = "medicaid", _("Medicaid")
    PRIVATE_INSURANCE = "private_insurance", _("Private insurance")
    SLIDING_SCALE = "sliding_scale", _("Sliding scale")
    FREE = "free", _("Free")
    SELF_PAY = "self_pay", _("Self-pay")


class Accepting(models.TextChoices):
    YES = "yes", _("Accepting new families")
    WAITLIST = "waitlist", _("Waitlist")
    NO = "no", _("Not accepting new families")


class ListingQuerySet(search.SearchableQuerySet, SyncableQuerySet):
    tombstone_kind = "listing"

    def removed_since(self, moment: datetime.datetime) -> list[dict]:
        """Also listings hidden since ``moment`` because nobody confirmed them."""
        today = timezone.localdate()
        newly_hidden = self.filter(
            status__in=LIVE_STATUSES,
            confirmed_on__lt=months_before(today, HIDDEN_AFTER_MONTHS),
            confirmed_on__gte=months_before(
                timezone.localdate(moment), HIDDEN_AFTER_MONTHS
            ),
        ).values_list("slug", "confirmed_on")
        stale = [
            tombstone(slug, "unconfirmed", hidden_at(confirmed))
            for slug, confirmed in newly_hidden
        ]
        stones = super().removed_since(moment) + stale
        return sorted(stones, key=lambda stone: stone["modified_at"])

    def published(self, *, today: datetime.date | None = None):
        """Listings families may see: live, and confirmed within 18 months.

        "Published" is the portal's one word for what the public may see, for
        every kind of record."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=LIVE_STATUSES,
            confirmed_on__gte=months_before(today, HIDDEN_AFTER_MONTHS),
        )

    def owned_by(self, user):
        """The listings ``user`` may edit: their own, never anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def near(self, centre: Point, km: float, *, region: str = ""):
        """Listings with a location within ``km`` of ``centre``, with ``distance_km``.

        Telehealth listings serving ``region`` (or its country) are included too,
        with no distance, after the nearby ones.
        """
        box = geo.bounding_box(centre, km)
        in_box = {
            "latitude__range": (box.min_latitude, box.max_latitude),
            "longitude__range": (box.min_longitude, box.max_longitude),
        }
        # One pass over the locations in the box decides which listings are in
        # range (a semi-join); the distance itself is computed per listing only
        # for ordering and for the rows shown.
        within = (
            Location.objects.filter(**in_box)
            .annotate(km=geo.distance_km_expression(centre))
            .filter(km__lte=km)
            .values("listing_id")
        )
        nearby = Q(pk__any=ArraySubquery(within))
        if region:
            served = [region, region.split("-")[0]]
            nearby |= Q(
                delivery__contains=[Delivery.TELEHEALTH],
                telehealth_regions__overlap=served,
            )
        return self.filter(nearby).annotate(
            distance_km=_nearest_km(centre, within_km=km, **in_box)
        )

    def with_distance(self, centre: Point, *, within_km: float | None = None):
        """Annotate ``distance_km`` to each listing's nearest location, if any
        (within ``within_km``, when given)."""
        return self.annotate(distance_km=_nearest_km(centre, within_km=within_km))

    def by_distance(self):
        """Nearest first; telehealth-only matches after every nearby one."""
        return self.order_by(F("distance_km").asc(nulls_last=True), "name", "pk")

    # Everything a listing's page or API record shows besides the listing.
    RELATED = ("service_types", "modalities", "locations", "credentials")

    def with_related(self):
        """Prefetch everything a listing's page or API record shows."""
        return self.prefetch_related(*self.RELATED)

    def add_related(self, listings: list["Listing"]) -> list["Listing"]:
        """The same, for listings already read."""
        prefetch_related_objects(listings, *self.RELATED)
        return listings

    def for_cards(self):
        """Prefetch what a result card shows: the services and the locations
        (for the city and state)."""
        return self.prefetch_related("service_types", "locations")


class Listing(QuickChoiceLabels, models.Model):
    """A provider's public entry: a practitioner or a program, with its locations."""

    Kind = ListingKind
    Status = ListingStatus

    # Stable public identifier for partners' copies (HSDS ids are UUIDs).
    uuid = models.UUIDField(db_default=RandomUUID(), unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ListingKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings",
        help_text=_("Empty when an admin created the listing."),
    )
    name = models.CharField(_("public name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    qualifications = models.CharField(
        _("degrees and licences"),
        max_length=200,
        blank=True,
        help_text=_('Degrees and licences as you sign them, e.g. "LCSW, IMH-E®".'),
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    bio = models.TextField(
        _("about"),
        max_length=5000,
        blank=True,
        help_text=_("Markdown. Who you help and how, in plain words."),
    )
    service_types = models.ManyToManyField(
        ServiceType, related_name="listings", blank=True
    )
    modalities = models.ManyToManyField(
        Modality,
        related_name="listings",
        blank=True,
        verbose_name=_("models and modalities"),
    )
    age_bands = ArrayField(
        models.CharField(max_length=8, choices=AgeBand.choices),
        verbose_name=_("ages served"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=LANGUAGES),
        verbose_name=_("languages"),
        default=list,
    )
    delivery = ArrayField(
        models.CharField(max_length=16, choices=Delivery.choices),
        verbose_name=_("how services are delivered"),
        default=list,
    )
    payment = ArrayField(
        models.CharField(max_length=20, choices=Payment.choices),
        verbose_name=_("payment accepted"),
        default=list,
        blank=True,
    )
    telehealth_regions = ArrayField(
        models.CharField(max_length=6),
        verbose_name=_("telehealth regions"),
        default=list,
        blank=True,
        help_text=_("ISO 3166 codes of the states, provinces or countries served."),
    )
    accepting = models.CharField(
        _("accepting new families"),
        max_length=10,
        choices=Accepting.choices,
        default=Accepting.YES,
    )
    accepting_updated_on = models.DateField(_("availability last updated"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    public_email = models.EmailField(_("public email"), blank=True)
    website = WebAddressField(_("website"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ListingStatus.choices,
        default=ListingStatus.DRAFT,
    )
    is_sample = models.BooleanField(
        _("sample listing"),
        default=False,
        help_text=_("Made up for demonstration; labelled everywhere it appears."),
    )
    pending_changes = models.JSONField(
        _("changes waiting for review"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    verified_on = models.DateField(
        _("last verified by a moderator"), null=True, blank=True
    )
    confirmed_on = models.DateField(
        _("last confirmed by its owner"), null=True, blank=True
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # Copies kept by database triggers on the many-to-many tables: facet arrays,
    # and the terms' names so that text search finds "home visiting".
    service_type_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    modality_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    taxonomy_text = models.TextField(default="", editable=False)
    # The kinds of credential the listing claims, kept by a trigger on credentials.
    credential_kinds = ArrayField(
        models.CharField(max_length=24), default=list, editable=False
    )

    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config=search.SEARCH_CONFIG)
        + SearchVector(
            "organization",
            "qualifications",
            "taxonomy_text",
            weight="B",
            config=search.SEARCH_CONFIG,
        )
        + SearchVector("bio", weight="C", config=search.SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_sample = models.GeneratedField(
        expression=F("id") % search.SAMPLE_RATE,
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("listing")
        indexes = [
            GinIndex(
                fields=[
                    "search_vector",
                    "service_type_ids",
                    "modality_ids",
                    "credential_kinds",
                    "age_bands",
                    "languages",
                    "delivery",
                    "payment",
                    "telehealth_regions",
                    "accepting",
                    "kind",
                ],
                condition=Q(status__in=["published", "changes_pending"]),
                name="listing_search_facets",
            ),
            GinIndex(
                fields=["search_vector"],
                condition=Q(
                    status__in=["published", "changes_pending"], search_sample=0
                ),
                name="listing_search_sample",
            ),
            models.Index(fields=["status", "confirmed_on"], name="listing_visible"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ListingKind.values), name="listing_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ListingStatus.values),
                name="listing_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(accepting__in=Accepting.values),
                name="listing_accepting_valid",
            ),
            models.CheckConstraint(
                condition=Q(age_bands__contained_by=AgeBand.values),
                name="listing_age_bands_valid",
            ),
            models.CheckConstraint(
                condition=Q(languages__contained_by=LANGUAGE_CODES),
                name="listing_languages_valid",
            ),
            models.CheckConstraint(
                condition=Q(delivery__contained_by=Delivery.values),
                name="listing_delivery_valid",
            ),
            models.CheckConstraint(
                condition=Q(payment__contained_by=Payment.values),
                name="listing_payment_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "changes_pending"])
                | (Q(published_at__isnull=False) & Q(confirmed_on__isnull=False)),
                name="listing_live_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(pending_changes__isnull=True) | Q(status="changes_pending"),
                name="listing_pending_changes_only_when_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def get_age_bands_display(self) -> list[str]:
        return _labels(AgeBand.choices, self.age_bands)

    def get_languages_display(self) -> list[str]:
        return _labels(LANGUAGES, self.languages)

    def get_delivery_display(self) -> list[str]:
        return _labels(Delivery.choices, self.delivery)

    def get_payment_display(self) -> list[str]:
        return _labels(Payment.choices, self.payment)

    def get_telehealth_regions_display(self) -> list[str]:
        return [region_name(code) for code in self.telehealth_regions]

    def is_stale(self, *, today: datetime.date | None = None) -> bool:
        """Unconfirmed for 13 months: shown with a "may be out of date" note."""
        today = today or timezone.localdate()
        return self.confirmed_on is not None and self.confirmed_on < months_before(
            today, STALE_AFTER_MONTHS
        )


def _nearest_km(centre: Point, within_km: float | None = None, **conditions):
    """The distance to a listing's nearest location, as a correlated subquery."""
    locations = Location.objects.filter(listing=OuterRef("pk"), **conditions).annotate(
        km=geo.distance_km_expression(centre)
    )
    if within_km is not None:
        locations = locations.filter(km__lte=within_km)
    nearest = locations.order_by("km").values("km")[:1]
    return Subquery(nearest, output_field=FloatField())


def _labels(choices, values: list[str]) -> list[str]:
    """The names of ``values``, in the choices' own order (ages youngest first)."""
    chosen = set(values)
    return [str(label) for value, label in choices if value in chosen]
