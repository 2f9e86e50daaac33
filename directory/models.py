"""The provider directory: listings, their locations and credentials, and the
places families search from."""

import calendar
import datetime

import pycountry
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import (
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import models
from django.db.models import F, FloatField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.geo import Point, parse_us_zip
from imh_portal import search
from imh_portal.fields import WebAddressField
from imh_portal.search import fold
from imh_portal.sync import SyncableQuerySet, tombstone
from imh_portal.vocabulary import (
    LANGUAGE_CODES,
    LANGUAGES,
    REGION_PATTERN,
    AgeBand,
    region_name,
    validate_region,
)
from roles.models import Role


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


class TaxonomyQuerySet(models.QuerySet):
    def in_order(self):
        """Terms in the order the directory lists them."""
        return self.order_by("position", "name")


class Taxonomy(models.Model):
    """A term families and providers filter by; edited by moderators."""

    # Stable public identifier, e.g. for Open Referral HSDS taxonomy terms.
    uuid = models.UUIDField(db_default=RandomUUID(), unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceType(Taxonomy):
    """What a provider offers: IECMH consultation, home visiting, dyadic therapy…"""

    class Meta(Taxonomy.Meta):
        verbose_name = _("service type")


class Modality(Taxonomy):
    """A named model or modality: Child-Parent Psychotherapy, PCIT, FAN…"""

    class Meta(Taxonomy.Meta):
        verbose_name = _("model or modality")
        verbose_name_plural = _("models and modalities")


class RoleProviderType(models.Model):
    """A kind of provider a role most often works with or refers families to."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="provider_types"
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.CASCADE, related_name="role_links"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=600)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("provider type for a role")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "service_type"], name="role_provider_type_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.service_type}"


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


# A listing's owner confirms once a year that it is still accurate.
STALE_AFTER_MONTHS = 13
HIDDEN_AFTER_MONTHS = 18
REMIND_DAYS_BEFORE = 30


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` earlier, clamped to the month's end."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


class ListingQuerySet(search.SearchableQuerySet, SyncableQuerySet):
    tombstone_kind = "listing"

    def public(self):
        return self.visible()

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
            tombstone(slug, "unconfirmed", _hidden_at(confirmed))
            for slug, confirmed in newly_hidden
        ]
        stones = super().removed_since(moment) + stale
        return sorted(stones, key=lambda stone: stone["modified_at"])

    def visible(self, *, today: datetime.date | None = None):
        """Listings families may see: live, and confirmed within 18 months."""
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

    def with_distance(self, centre: Point):
        """Annotate ``distance_km`` to each listing's nearest location, if any."""
        return self.annotate(distance_km=_nearest_km(centre))

    def by_distance(self):
        """Nearest first; telehealth-only matches after every nearby one."""
        return self.order_by(F("distance_km").asc(nulls_last=True), "name", "pk")

    def with_related(self):
        """Prefetch everything a listing's page or API record shows."""
        return self.prefetch_related(
            "service_types", "modalities", "locations", "credentials"
        )

    def for_cards(self):
        """Prefetch what a result card shows: the services, nothing more."""
        return self.prefetch_related("service_types")


class Listing(models.Model):
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


def _hidden_at(confirmed_on: datetime.date) -> datetime.datetime:
    """When a listing confirmed on ``confirmed_on`` drops out of the directory:
    the day after the same date 18 months on."""
    month_index = confirmed_on.year * 12 + confirmed_on.month - 1 + HIDDEN_AFTER_MONTHS
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    day = datetime.date(year, month + 1, min(confirmed_on.day, last_day))
    midnight = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(midnight + datetime.timedelta(days=1))


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
    labels = dict(choices)
    return [str(labels[value]) for value in values if value in labels]


class Location(models.Model):
    """Where a listing sees families; its point defaults to the ZIP code's centre."""

    class PointSource(models.TextChoices):
        POSTAL_CODE = "postal_code", _("Centre of the ZIP or postal code")
        EXACT = "exact", _("Set by a moderator")

    uuid = models.UUIDField(db_default=RandomUUID(), unique=True, editable=False)
    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="locations"
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


class CredentialKind(models.TextChoices):
    IFA = "ifa", _("Infant Family Associate (IMH-E®)")
    IFS = "ifs", _("Infant Family Specialist (IMH-E®)")
    IMHS = "imhs", _("Infant Mental Health Specialist (IMH-E®)")
    IMHM_C = "imhm_c", _("Infant Mental Health Mentor – Clinical (IMH-E®)")
    IMHM_P = "imhm_p", _("Infant Mental Health Mentor – Policy (IMH-E®)")
    IMHM_RF = "imhm_rf", _("Infant Mental Health Mentor – Research/Faculty (IMH-E®)")
    ECFA = "ecfa", _("Early Childhood Family Associate (ECMH-E®)")
    ECFS = "ecfs", _("Early Childhood Family Specialist (ECMH-E®)")
    ECMHS = "ecmhs", _("Early Childhood Mental Health Specialist (ECMH-E®)")
    ECMHM_C = "ecmhm_c", _("Early Childhood Mental Health Mentor – Clinical (ECMH-E®)")
    ECMHM_P = "ecmhm_p", _("Early Childhood Mental Health Mentor – Policy (ECMH-E®)")
    ECMHM_RF = (
        "ecmhm_rf",
        _("Early Childhood Mental Health Mentor – Research/Faculty (ECMH-E®)"),
    )
    REFLECTIVE_SUPERVISOR = "reflective_supervisor", _("Endorsed Reflective Supervisor")
    PMH_C = "pmh_c", _("Perinatal Mental Health Certification (PMH-C)")
    COS_P = "cos_p", _("Registered Circle of Security Parenting Facilitator")
    PCIT = "pcit", _("PCIT International certified therapist")
    CPP = "cpp", _("Child-Parent Psychotherapy (rostered)")
    OTHER = "other", _("Other certification")


class Credential(models.Model):
    """An endorsement or certification a listing claims; moderators verify it."""

    Kind = CredentialKind

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(
        _("credential"), max_length=24, choices=CredentialKind.choices
    )
    issued_by = models.CharField(
        _("issued by"),
        max_length=160,
        blank=True,
        help_text=_('The endorsing association or body, e.g. "MI-AIMH".'),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    details = models.CharField(_("details"), max_length=200, blank=True)
    verified_on = models.DateField(
        _("verified by a moderator on"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("credential")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CredentialKind.values),
                name="credential_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1980, year__lte=2100),
                name="credential_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ListingEvent(models.Model):
    """Who changed a listing's status, when, and why: the moderation record."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=16, choices=ListingStatus.choices)
    to_status = models.CharField(max_length=16, choices=ListingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status change")

    def __str__(self) -> str:
        return f"{self.listing}: {self.from_status} → {self.to_status}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("Waiting for a moderator")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ListingReport(models.Model):
    """A visitor's report that a listing's information is wrong."""

    Status = ReportStatus

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="reports"
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    reporter_email = models.EmailField(_("your email (optional)"), blank=True)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report of incorrect information")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Report on {self.listing}"
