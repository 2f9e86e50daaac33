"""Reading HSDS 3.0 records back into the portal: from an imported service,
organization or location, the data the listing form takes, with a warning for
each thing that had to be left out or guessed."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import pycountry
from django import forms
from django.core.exceptions import ValidationError

from directory import geo
from directory.forms import ListingForm
from directory.hsds.mapping import (
    AGE_YEARS,
    CREDENTIALS,
    PORTAL_LANGUAGE,
    SAMPLE_NOTE,
    english,
)
from directory.models import (
    Accepting,
    Delivery,
    ListingKind,
    Modality,
    ServiceType,
    region_codes,
)
from imh_portal.vocabulary import LANGUAGE_CODES, AgeBand

# Only these countries have regions the listing form offers.
IMPORT_COUNTRIES = {"US", "CA"}
LINES = ("address_1", "address_2")
# Record coordinates further than this from the ZIP code or city the address
# names are more likely wrong than the address.
MAX_POINT_OFFSET_KM = 50


@dataclass
class TermIndex:
    """The directory's terms by every key an HSDS record may name them by."""

    service_types: dict[str, str] = field(default_factory=dict)
    modalities: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, service_types: Iterable[ServiceType], modalities: Iterable[Modality]
    ) -> "TermIndex":
        def keys(terms) -> dict[str, str]:
            index = {}
            for term in terms:
                for key in (str(term.uuid), term.slug, term.name):
                    index[key.casefold()] = term.slug
            return index

        return cls(keys(service_types), keys(modalities))

    def match(self, term: dict) -> tuple[str, str] | None:
        """("service_types" or "modalities", slug) for an HSDS term, or None."""
        for key in (term.get("id"), term.get("code"), term.get("name")):
            if not isinstance(key, str):
                continue
            for kind in ("service_types", "modalities"):
                slug = getattr(self, kind).get(key.casefold())
                if slug:
                    return kind, slug
        return None


@dataclass
class ImportedLocation:
    """A site as the listing form takes it, before its region is known."""

    values: dict
    point: geo.Point | None = None
    source: str = ""  # how the record names it, for messages


@dataclass
class ImportedService:
    """One HSDS service as listing form data, with what could not be carried."""

    record_id: str
    name: str
    fields: dict
    service_types: list[str]
    modalities: list[str]
    locations: list[ImportedLocation]
    is_sample: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def service_from_record(
    record: dict, *, organization: dict | None, terms: TermIndex
) -> ImportedService:
    """Listing form data from an HSDS service that passed the official schema.

    Rules: a service is a program (kind "organization") that is accepting
    families; its organization's name, contacts and locations fill what the
    service lacks. Sites come from its service_at_locations (physical or
    postal addresses); a virtual location with service_areas naming US states
    or Canadian provinces becomes telehealth. Ages in years become the age
    bands they overlap. Languages, terms, phone, email and website the portal
    does not know are dropped with a warning; what the listing form would
    refuse is an error.
    """
    organization = organization or record.get("organization") or {}
    warnings: list[str] = []
    errors: list[str] = []
    name = (record.get("name") or "").strip()
    if not name:
        errors.append("The service has no name.")
    description = (record.get("description") or "").strip()
    description = description or (organization.get("description") or "").strip()
    is_sample = description.startswith(SAMPLE_NOTE)
    if is_sample:
        description = description.removeprefix(SAMPLE_NOTE).strip()
    organization_name = (organization.get("name") or "").strip()
    sites, telehealth_regions = _import_locations(
        record, organization, warnings, errors
    )
    delivery = [Delivery.OFFICE] if sites else []
    if telehealth_regions:
        delivery.append(Delivery.TELEHEALTH)
    if not sites and not telehealth_regions:
        errors.append(
            "No site with an address and no telehealth regions: families could "
            "not find the service."
        )
    fields = {
        "kind": ListingKind.ORGANIZATION,
        "name": name,
        "organization": "" if organization_name == name else organization_name,
        "bio": description,
        "age_bands": _import_ages(record, warnings),
        "languages": _import_languages(record, warnings),
        "delivery": delivery,
        "telehealth_regions": telehealth_regions,
        "payment": [],
        "accepting": Accepting.YES,
        "phone": _import_phone(record, organization, warnings),
        "public_email": _import_contact(
            "email",
            forms.EmailField(),
            [record.get("email"), organization.get("email")],
            warnings,
        ),
        "website": _import_contact(
            "website",
            forms.URLField(max_length=500, assume_scheme="https"),
            [record.get("url"), organization.get("website")],
            warnings,
        ),
    }
    service_types, modalities = _import_terms(record, terms, warnings)
    return ImportedService(
        record_id=str(record.get("id", "")),
        name=name,
        fields=fields,
        service_types=service_types,
        modalities=modalities,
        locations=sites,
        is_sample=is_sample,
        warnings=warnings,
        errors=errors,
    )


def bands_for_ages(minimum: float | None, maximum: float | None) -> list[str]:
    """The age bands that overlap ages ``minimum``–``maximum`` in years.

    Pregnancy is never inferred: an age range cannot say it.
    """
    low = 0 if minimum is None else minimum
    high = float("inf") if maximum is None else maximum
    return [
        band
        for band, (band_low, band_high) in AGE_YEARS.items()
        if band != AgeBand.PRENATAL and band_low <= high and band_high >= low
    ]


def portal_language(language: dict) -> str | None:
    """The portal's code for an HSDS language (ISO 639-1 or -3, or its name)."""
    code = str(language.get("code") or "").strip().lower()
    code = PORTAL_LANGUAGE.get(code, code)
    if code in LANGUAGE_CODES:
        return code
    if len(code) == 3:
        found = pycountry.languages.get(alpha_3=code)
        alpha_2 = getattr(found, "alpha_2", None)
        if alpha_2 in LANGUAGE_CODES:
            return alpha_2
    name = str(language.get("name") or "").strip().casefold()
    for portal_code, label in english("language").items():
        if label.casefold() == name:
            return portal_code
    return None


def _import_ages(record: dict, warnings: list[str]) -> list[str]:
    minimum, maximum = record.get("minimum_age"), record.get("maximum_age")
    if minimum is None and maximum is None:
        return []
    bands = bands_for_ages(minimum, maximum)
    if not bands:
        warnings.append(
            f"Ages {minimum}–{maximum} are outside the directory's bands "
            "(pregnancy to 5 years): ages left empty."
        )
    return bands


def _import_languages(record: dict, warnings: list[str]) -> list[str]:
    codes, unknown = [], []
    for language in record.get("languages") or []:
        code = portal_language(language)
        if code is None:
            unknown.append(str(language.get("name") or language.get("code") or "?"))
        elif code not in codes:
            codes.append(code)
    if unknown:
        warnings.append(
            f"Languages the directory does not list were left out: "
            f"{', '.join(unknown)}."
        )
    if not codes:
        # The listing form requires a language; a moderator checks this one.
        warnings.append("No language the directory lists: set to English.")
        codes = ["en"]
    return codes


def _import_phone(record: dict, organization: dict, warnings: list[str]) -> str:
    phones = [*(record.get("phones") or []), *(organization.get("phones") or [])]
    for phone in phones:
        # Some publishers wrap numbers in quotes, as the official example does.
        number = str(phone.get("number") or "").strip().strip("\"'").strip()
        if not number:
            continue
        try:
            return ListingForm.base_fields["phone"].clean(number)
        except ValidationError:
            warnings.append(
                f"Phone number {number!r} is not one we can dial: left out."
            )
    return ""


def _import_contact(
    label: str, checker: forms.Field, values: list, warnings: list[str]
) -> str:
    for value in values:
        if not value:
            continue
        try:
            return checker.clean(str(value).strip())
        except ValidationError:
            warnings.append(f"The {label} {value!r} is not valid: left out.")
    return ""


def _import_terms(
    record: dict, terms: TermIndex, warnings: list[str]
) -> tuple[list[str], list[str]]:
    found: dict[str, list[str]] = {"service_types": [], "modalities": []}
    unknown, credentials = [], False
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {
            "id": attribute.get("taxonomy_term_id")
        }
        if term.get("taxonomy_id") == str(CREDENTIALS.id):
            credentials = True
            continue
        matched = terms.match(term)
        if matched is None:
            unknown.append(str(term.get("name") or term.get("id") or "?"))
            continue
        kind, slug = matched
        if slug not in found[kind]:
            found[kind].append(slug)
    if unknown:
        warnings.append(
            f"Terms the directory does not use were left out: {', '.join(unknown)}."
        )
    if credentials:
        warnings.append(
            "Endorsements and certifications were left out: the provider claims "
            "them and a moderator verifies them."
        )
    return found["service_types"], found["modalities"]


def _import_locations(
    record: dict, organization: dict, warnings: list[str], errors: list[str]
) -> tuple[list[ImportedLocation], list[str]]:
    places = [
        link.get("location")
        for link in record.get("service_at_locations") or []
        if link.get("location")
    ]
    # A small organization often lists its sites once, on itself.
    places = places or list(organization.get("locations") or [])
    sites, virtual = [], False
    for place in places:
        if place.get("location_type") == "virtual":
            virtual = True
            continue
        site = _import_site(place, warnings, errors)
        if site is not None:
            sites.append(site)
    regions: list[str] = []
    if virtual:
        regions = _import_regions(record, warnings)
        if not regions:
            warnings.append(
                "A virtual location without service areas naming US states or "
                "Canadian provinces: telehealth left out."
            )
    return sites, regions


def _import_site(
    place: dict, warnings: list[str], errors: list[str]
) -> ImportedLocation | None:
    label = str(place.get("name") or place.get("id") or "a location")
    addresses = [
        address
        for address in place.get("addresses") or []
        if address.get("address_type") in ("physical", "postal")
    ]
    addresses.sort(key=lambda address: address.get("address_type") != "physical")
    if not addresses:
        errors.append(f"Location {label!r} has no address: add a city and ZIP code.")
        return None
    address = addresses[0]
    country = str(address.get("country") or "").strip().upper()
    if country not in IMPORT_COUNTRIES:
        errors.append(
            f"Location {label!r} is in {country or 'an unnamed country'}: the "
            "directory lists the United States and Canada only."
        )
        return None
    street = ", ".join(
        filter(None, (str(address.get(name) or "").strip() for name in LINES))
    )
    values = {
        "label": str(place.get("name") or "").strip(),
        "address": street,
        "city": str(address.get("city") or "").strip(),
        "region": _region_code(address.get("state_province"), country),
        "postal_code": str(address.get("postal_code") or "").strip(),
        "show_address": bool(street),
    }
    return ImportedLocation(values, _import_point(place, label, warnings), label)


def _region_code(text, country: str) -> str:
    """ "WA", "Washington" or "US-WA" in ``country`` as an ISO code, or ""."""
    text = str(text or "").strip()
    if not text:
        return ""
    if text.upper().startswith(f"{country}-"):
        text = text[3:]
    codes = [code for code in region_codes(text) if code.startswith(f"{country}-")]
    return codes[0] if codes else ""


def _import_point(place: dict, label: str, warnings: list[str]) -> geo.Point | None:
    latitude, longitude = place.get("latitude"), place.get("longitude")
    if latitude is None or longitude is None:
        return None
    try:
        return geo.Point(float(latitude), float(longitude))
    except (TypeError, ValueError):
        warnings.append(
            f"Location {label!r}: coordinates {latitude}, {longitude} are not on "
            "earth; the centre of its ZIP code or city is used."
        )
        return None


def _import_regions(record: dict, warnings: list[str]) -> list[str]:
    regions = []
    for area in record.get("service_areas") or []:
        code = ""
        for text in (area.get("extent"), area.get("name")):
            code = _area_code(text)
            if code:
                break
        if code and code not in regions:
            regions.append(code)
        elif not code:
            warnings.append(
                f"Service area {area.get('name') or area.get('id')!r} is not a US "
                "state or Canadian province: left out."
            )
    return regions


def _area_code(text) -> str:
    text = str(text or "").strip()
    if not text:
        return ""
    # "US-WA", "Washington, US" or "Washington".
    if "-" in text and text[:2].upper() in IMPORT_COUNTRIES:
        return _region_code(text[3:], text[:2].upper())
    name, _, country = text.partition(",")
    country = country.strip().upper()
    for candidate in [country] if country else sorted(IMPORT_COUNTRIES):
        code = _region_code(name, candidate)
        if code:
            return code
    return ""
