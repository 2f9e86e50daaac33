import pycountry
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict
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
    Place,
    ServiceType,
)
from directory.services import (
    EDITABLE_FIELDS,
    LOCATION_FIELDS,
    MAX_LOCATIONS,
    UNKNOWN_ADDRESS,
    ListingChanges,
)
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

    # The form's steps as the page lays them out, in order; the locations
    # follow the fields of the second step.
    STEPS = [
        (_("About you"), ["kind", "name", "qualifications", "organization", "bio"]),
        (_("Where and how you see families"), ["delivery", "telehealth_regions"]),
        (
            _("Who you serve"),
            ["age_bands", "languages", "service_types", "modalities"],
        ),
        (
            _("Payment, availability and contact"),
            ["payment", "accepting", "phone", "public_email", "website"],
        ),
    ]
    LOCATIONS_STEP = 2

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
        # Ticked one by one: a multiple select needs Ctrl or Cmd to add one.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-columns"}),
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
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9().\- ]{7,24}((x|ext\.?) ?[0-9]{1,6})?$",
                _("Enter a phone number, e.g. 206-555-0100 or +1 206 555 0100 ext 2."),
            )
        ],
    )
    public_email = forms.EmailField(label=_("Public email (optional)"), required=False)
    website = forms.URLField(
        label=_("Website (optional)"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, require_contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_contact = require_contact

    def clean(self):
        data = super().clean()
        contact = ("phone", "public_email", "website")
        if (
            self.require_contact
            and not any(data.get(name) for name in contact)
            and not any(name in self.errors for name in contact)
        ):
            self.add_error(
                "phone",
                _(
                    "Give families at least one way to reach you: a phone, an "
                    "email or a website."
                ),
            )
        if Delivery.TELEHEALTH in data.get("delivery", []) and not data.get(
            "telehealth_regions"
        ):
            self.add_error(
                "telehealth_regions",
                _("Choose the states or provinces you serve by telehealth."),
            )
        return data

    @classmethod
    def initial_for(cls, changes: ListingChanges) -> dict:
        return {
            **changes.fields,
            "service_types": changes.service_types,
            "modalities": changes.modalities,
        }


class LocationForm(forms.Form):
    """One place where a provider sees families."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(
        label=_("Name of the site (optional)"), max_length=120, required=False
    )
    address = forms.CharField(
        label=_("Street address (optional)"), max_length=200, required=False
    )
    city = forms.CharField(label=_("City"), max_length=120)
    # No state is chosen for the provider: a default is a wrong answer waiting.
    region = forms.ChoiceField(
        label=_("State or province"),
        choices=[("", _("Choose a state or province")), *US_AND_CANADA],
    )
    postal_code = forms.CharField(label=_("ZIP or postal code"), max_length=10)
    # Off unless chosen: a home-based practice must never publish a home address.
    show_address = forms.BooleanField(
        label=_("Show the street address on the public page"),
        required=False,
        initial=False,
    )

    def clean_region(self) -> str:
        region = self.cleaned_data["region"]
        validate_region(region)
        return region

    def clean(self):
        data = super().clean()
        if {"city", "region", "postal_code"} <= data.keys():
            place = Place.objects.for_address(
                postal_code=data["postal_code"],
                city=data["city"],
                region=data["region"],
            )
            if place is None:
                self.add_error("postal_code", UNKNOWN_ADDRESS)
            else:
                # Found once here, used when the listing is saved: a new site
                # is never looked up on the map twice.
                data["latitude"], data["longitude"] = place.latitude, place.longitude
        return data


class BaseLocationFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this location")

    def filled_in(self) -> list[dict]:
        """The locations to keep: filled-in forms not marked for removal."""
        return [
            {name: value for name, value in form.cleaned_data.items() if name in KEPT}
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


KEPT = {"id", "latitude", "longitude", *LOCATION_FIELDS}

LocationFormSet = forms.formset_factory(
    LocationForm,
    formset=BaseLocationFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_LOCATIONS,
    absolute_max=MAX_LOCATIONS,
    validate_max=True,
)


class ListingInput:
    """A provider's input for a listing, validated once, the same way whether it
    comes from the page's form, the API or an imported HSDS record: the listing
    form and its locations, validated and saved together."""

    prefix = "locations"

    @classmethod
    def from_structured(cls, fields: dict, locations: list[dict]) -> "ListingInput":
        """Input given as values rather than posted: lists stay lists, ``True``
        ticks a box, ``None`` leaves a field out, each location one form."""
        data = QueryDict(mutable=True)
        _put(data, fields)
        data[f"{cls.prefix}-TOTAL_FORMS"] = str(len(locations))
        data[f"{cls.prefix}-INITIAL_FORMS"] = "0"
        for number, location in enumerate(locations):
            _put(data, location, prefix=f"{cls.prefix}-{number}-")
        return cls(data)

    def __init__(
        self,
        data=None,
        *,
        changes: ListingChanges | None = None,
        require_contact: bool = False,
    ):
        # The provider's form asks for a way to reach them; records that come
        # through the API or an HSDS import are taken as their source has them.
        self.form = ListingForm(
            data,
            initial=ListingForm.initial_for(changes) if changes else None,
            require_contact=require_contact,
        )
        self.steps = [
            (number, title, [self.form[name] for name in names])
            for number, (title, names) in enumerate(ListingForm.STEPS, start=1)
        ]
        self.locations = LocationFormSet(
            data, initial=changes.locations if changes else None, prefix=self.prefix
        )

    def is_valid(self) -> bool:
        # Both are validated, so every mistake shows at once.
        valid = self.form.is_valid() & self.locations.is_valid()
        without_a_place = (
            not self.locations.filled_in()
            and not self.form.cleaned_data.get("telehealth_regions")
        )
        if valid and without_a_place:
            self.form.add_error(
                None,
                _(
                    "Add at least one place where you see families, or offer "
                    "telehealth and choose the regions you serve."
                ),
            )
            valid = False
        return valid

    def to_changes(self) -> ListingChanges:
        data = self.form.cleaned_data
        return ListingChanges(
            fields={
                name: value
                for name, value in data.items()
                if name not in {"service_types", "modalities"}
            },
            service_types=[term.slug for term in data["service_types"]],
            modalities=[term.slug for term in data["modalities"]],
            locations=self.locations.filled_in(),
        )

    def add_error(self, error: ValidationError) -> None:
        """Show a service's refusal on the field it names, else above the form."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.form.add_error(
                    name if name in self.form.fields else None, messages
                )
        else:
            self.form.add_error(None, error.messages)

    @property
    def error_links(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for each mistake, for the summary on top."""
        links = [("", "", str(message)) for message in self.form.non_field_errors()]
        links += [("", "", str(m)) for m in self.locations.non_form_errors()]
        for number, form in enumerate([self.form, *self.locations], start=0):
            prefix = _("Location %(number)s: ") % {"number": number} if number else ""
            for field in form.visible_fields():
                links += [
                    (field.id_for_label, f"{prefix}{field.label}", str(message))
                    for message in field.errors
                ]
        return links

    @property
    def errors(self) -> dict:
        """Every error by field name, with ``locations`` as one dict per form."""
        errors = {
            name: [str(message) for message in messages]
            for name, messages in self.form.errors.items()
        }
        location_errors = [
            {name: [str(m) for m in messages] for name, messages in form_errors.items()}
            for form_errors in self.locations.errors
        ]
        if any(location_errors):
            errors["locations"] = location_errors
        if self.locations.non_form_errors():
            errors.setdefault(NON_FIELD_ERRORS, []).extend(
                str(message) for message in self.locations.non_form_errors()
            )
        return errors


def _put(data: QueryDict, values: dict, prefix: str = "") -> None:
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(prefix + name, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                data[prefix + name] = "on"
        elif value is not None:
            data[prefix + name] = str(value)


def validation_messages(error: ValidationError) -> dict[str, list[str]]:
    """A service's refusal as messages by field (``__all__`` for the rest)."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def changes_of(listing: Listing) -> ListingChanges:
    """What the provider edits: the waiting changes if any, else the live listing."""
    if listing.pending_changes:
        return ListingChanges.from_json(listing.pending_changes)
    return ListingChanges(
        fields={name: getattr(listing, name) for name in EDITABLE_FIELDS},
        service_types=[term.slug for term in listing.service_types.all()],
        modalities=[term.slug for term in listing.modalities.all()],
        locations=[
            {"id": location.pk, **{n: getattr(location, n) for n in LOCATION_FIELDS}}
            for location in listing.locations.order_by("pk")
        ],
    )


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
