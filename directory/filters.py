"""The one FilterSet behind the directory page and the listings API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from directory import geo
from directory.models import (
    Accepting,
    CredentialKind,
    Delivery,
    ListingKind,
    Modality,
    Payment,
    Place,
    ServiceType,
)
from imh_portal import search
from imh_portal.facets import ArrayFacetFilter, FacetedFilterSet, FacetFilter
from imh_portal.facets import ModelArrayFacetFilter as TermFacetFilter
from imh_portal.vocabulary import LANGUAGES, AgeBand


class Sort:
    DISTANCE = "distance"
    RELEVANCE = "relevance"
    NAME = "name"
    CHOICES = [
        (DISTANCE, _("Nearest first")),
        (RELEVANCE, _("Best match")),
        (NAME, _("Name A–Z")),
    ]


class Unit:
    MILES = "mi"
    KM = "km"
    CHOICES = [(MILES, _("miles")), (KM, _("km"))]


class NearField(forms.CharField):
    """A US ZIP code or a city name, resolved to a place from the places table."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        place = Place.objects.lookup(text)
        if place is None:
            suggestions = [str(place) for place in Place.objects.suggestions(text)]
            if geo.parse_us_zip(text):
                message = _("We do not know the ZIP code %(text)s.")
            else:
                message = _("We could not find a place called “%(text)s”.")
            if suggestions:
                message += " " + _("Did you mean %(places)s?")
            raise forms.ValidationError(
                message,
                code="unknown_place",
                params={"text": text, "places": ", ".join(suggestions)},
            )
        return place


@extend_schema_field(OpenApiTypes.STR)
class NearFilter(django_filters.Filter):
    field_class = NearField


class ListingFilterSet(FacetedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=search.MAX_QUERY_LENGTH
    )
    near = NearFilter(
        label=_("Near (ZIP code or city)"), method="filter_near", max_length=120
    )
    radius = django_filters.NumberFilter(
        label=_("Within"),
        method="keep",
        min_value=1,
        max_value=160,
        error_messages={
            "min_value": _("Choose a distance of 5 to 100 miles (8 to 160 km)."),
            "max_value": _("Choose a distance of 5 to 100 miles (8 to 160 km)."),
            "invalid": _("Choose a distance of 5 to 100 miles (8 to 160 km)."),
        },
    )
    unit = django_filters.ChoiceFilter(
        label=_("Unit"), choices=Unit.CHOICES, method="keep", empty_label=None
    )
    service = TermFacetFilter(
        field_name="service_type_ids",
        label=_("Service"),
        queryset=ServiceType.objects.in_order(),
    )
    model = TermFacetFilter(
        field_name="modality_ids",
        label=_("Model or approach"),
        queryset=Modality.objects.in_order(),
    )
    endorsement = ArrayFacetFilter(
        field_name="credential_kinds",
        label=_("Endorsement or certification"),
        choices=CredentialKind.choices,
    )
    age = ArrayFacetFilter(
        field_name="age_bands", label=_("Ages"), choices=AgeBand.choices
    )
    language = ArrayFacetFilter(
        field_name="languages", label=_("Language"), choices=LANGUAGES
    )
    delivery = ArrayFacetFilter(
        field_name="delivery", label=_("How"), choices=Delivery.choices
    )
    payment = ArrayFacetFilter(
        field_name="payment", label=_("Payment"), choices=Payment.choices
    )
    accepting = FacetFilter(label=_("Availability"), choices=Accepting.choices)
    kind = FacetFilter(label=_("Provider"), choices=ListingKind.choices)
    # No order is chosen until the visitor chooses one: a form that sent back
    # "Name A–Z" would list a ZIP code search alphabetically.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        method="keep",
        empty_label=_("Nearest first, or best match"),
    )

    class Meta:
        fields: list[str] = []

    @property
    def radius_km(self) -> float:
        """The radius asked for, in km, kept to 5–100 miles (8–160 km)."""
        self.is_valid()
        data = self.form.cleaned_data
        radius = float(data.get("radius") or 25)
        if data.get("unit") == Unit.KM:
            radius = geo.km_to_miles(radius)
        miles = min(max(radius, geo.MIN_RADIUS_MILES), geo.MAX_RADIUS_MILES)
        return geo.miles_to_km(miles)

    @property
    def place(self) -> Place | None:
        self.is_valid()
        return self.form.cleaned_data.get("near")

    def filter_near(self, queryset, name, place):
        return queryset.near(place.point, self.radius_km, region=place.region)

    @property
    def current_sort(self) -> str:
        """The order in use: the one asked for, else nearest or best match."""
        self.is_valid()
        chosen = self.form.cleaned_data.get("sort")
        if chosen == Sort.DISTANCE and not self.place:
            chosen = ""
        if chosen == Sort.RELEVANCE and not self.text:
            chosen = ""
        if chosen:
            return chosen
        if self.place:
            return Sort.DISTANCE
        return Sort.RELEVANCE if self.text else Sort.NAME

    def order_queryset(self, queryset, *, window: int | None = None):
        sort = self.current_sort
        if sort == Sort.DISTANCE:
            return queryset.by_distance()
        if sort == Sort.RELEVANCE:
            return self.best_match_first(queryset, window=window, then=("name", "pk"))
        return queryset.order_by("name", "pk")
