import pycountry
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import (
    Accepting,
    Credential,
    Delivery,
    Listing,
    ListingKind,
    ListingReport,
    Modality,
    Payment,
    ServiceType,
)
from directory.services import ListingDraft
from imh_portal.vocabulary import LANGUAGES, AgeBand, validate_region

US_AND_CANADA = sorted(
    (
        (subdivision.code, f"{subdivision.name} ({subdivision.code})")
        for country in ("US", "CA")
        for subdivision in pycountry.subdivisions.get(country_code=country)
        if subdivision.type in {"State", "District", "Province", "Territory"}
    ),
    key=lambda choice: choice[1],
)


class ListingForm(forms.Form):
    """A provider's own listing; works without JavaScript."""

    kind = forms.ChoiceField(
        label=_("Are you listing yourself or a program?"),
        choices=ListingKind.choices,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Public name"), max_length=160)
    qualifications = forms.CharField(
        label=_("Degrees and licences (optional)"), max_length=200, required=False
    )
    organization = forms.CharField(
        label=_("Organization (optional)"), max_length=200, required=False
    )
    bio = forms.CharField(
        label=_("About you or your program"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain words; Markdown for lists and emphasis. 5,000 characters."),
    )
    service_types = forms.ModelMultipleChoiceField(
        label=_("Services"),
        queryset=ServiceType.objects.in_order(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    modalities = forms.ModelMultipleChoiceField(
        label=_("Models and approaches"),
        queryset=Modality.objects.in_order(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Ages served"),
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    delivery = forms.MultipleChoiceField(
        label=_("How you see families"),
        choices=Delivery.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    telehealth_regions = forms.MultipleChoiceField(
        label=_("Telehealth: states or provinces you serve"),
        choices=US_AND_CANADA,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    payment = forms.MultipleChoiceField(
        label=_("Payment accepted"),
        choices=Payment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accepting = forms.ChoiceField(
        label=_("Are you taking new families?"), choices=Accepting.choices
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    public_email = forms.EmailField(label=_("Public email (optional)"), required=False)
    website = forms.URLField(
        label=_("Website (optional)"), required=False, assume_scheme="https"
    )
    address = forms.CharField(
        label=_("Street address (optional)"), max_length=200, required=False
    )
    city = forms.CharField(label=_("City"), max_length=120)
    region = forms.ChoiceField(label=_("State or province"), choices=US_AND_CANADA)
    postal_code = forms.CharField(label=_("ZIP or postal code"), max_length=10)
    show_address = forms.BooleanField(
        label=_("Show my street address (untick for a home-based practice)"),
        required=False,
        initial=True,
    )

    def clean_region(self) -> str:
        region = self.cleaned_data["region"]
        validate_region(region)
        return region

    def clean(self):
        data = super().clean()
        if Delivery.TELEHEALTH in data.get("delivery", []) and not data.get(
            "telehealth_regions"
        ):
            self.add_error(
                "telehealth_regions",
                _("Choose the states or provinces you serve by telehealth."),
            )
        return data

    def to_draft(self) -> ListingDraft:
        data = self.cleaned_data
        location_names = ["address", "city", "region", "postal_code", "show_address"]
        return ListingDraft(
            fields={
                name: data[name]
                for name in data
                if name not in {"service_types", "modalities", *location_names}
            },
            service_types=[term.slug for term in data["service_types"]],
            modalities=[term.slug for term in data["modalities"]],
            location={name: data[name] for name in location_names},
        )

    @classmethod
    def initial_for(cls, listing: Listing) -> dict:
        """Starting values: the waiting changes if any, else the live ones."""
        if listing.pending_changes:
            pending = ListingDraft.from_json(listing.pending_changes)
            return {
                **pending.fields,
                **(pending.location or {}),
                "service_types": pending.service_types,
                "modalities": pending.modalities,
            }
        location_names = ["address", "city", "region", "postal_code", "show_address"]
        initial = {
            name: getattr(listing, name)
            for name in cls.base_fields
            if name not in {"service_types", "modalities", *location_names}
        }
        initial["service_types"] = [term.slug for term in listing.service_types.all()]
        initial["modalities"] = [term.slug for term in listing.modalities.all()]
        location = listing.locations.order_by("pk").first()
        for name in location_names:
            initial[name] = getattr(location, name) if location else None
        return initial


class CredentialForm(forms.ModelForm):
    class Meta:
        model = Credential
        fields = ["kind", "issued_by", "year", "details"]
        labels = {"year": _("Year (optional)"), "details": _("Details (optional)")}


class ReportForm(forms.ModelForm):
    class Meta:
        model = ListingReport
        fields = ["message", "reporter_email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
