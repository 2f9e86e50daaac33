"""HSDS 3.0 records from directory rows (reading records back is in
``incoming``).

Rules:

- A listing is one ``organization`` (the practice or program) offering one
  ``service``. Its sites are ``physical`` locations; a listing that offers
  telehealth also has one ``virtual`` location, and a ``service_area`` for each
  region it serves.
- Ids never change. A service's id is the listing's ``uuid``, a location's the
  location's ``uuid``, a term's the term's ``uuid``. Organizations, virtual
  locations and service_at_locations get ``derived_id``\\s, which lead straight
  back to their row; every other child id is a ``uuid5`` of its parent's.
- Text is in English, whatever the request's language: the records say so.
- A value the listing does not have is left out, never sent as null: the
  official schemas type those fields as strings or numbers.

Callers choose the rows (published means ``Listing.objects.visible()``) and
pass them through ``for_records`` so that what the records show is read in a
fixed number of queries.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation

from directory.models import (
    Accepting,
    CredentialKind,
    Delivery,
    Listing,
    ListingKind,
    Location,
    Modality,
    Payment,
    ServiceType,
)
from imh_portal.plain_text import plain_text
from imh_portal.site_address import site_url
from imh_portal.vocabulary import LANGUAGES, AgeBand, region_name

HSDS_VERSION = "3.0"
# The portal publishes core HSDS 3.0 under no profile: the specification itself.
PROFILE_URI = "https://github.com/openreferral/specification/tree/3.0"
SAMPLE_NOTE = "Sample listing — not a real provider."
# Every id the portal derives rather than stores depends on this: never change it.
NAMESPACE = uuid.UUID("0d5c8f0e-6a3b-4f7e-9c61-2b8e4a7d1f35")

RELATIONS = ("service_types", "modalities", "credentials", "locations")
SUMMARY_RELATIONS = ("service_types", "credentials")
# Wide columns no record shows.
UNUSED_COLUMNS = ("search_vector", "taxonomy_text", "pending_changes")

# Completed years of the children in each band; pregnancy counts as age 0.
AGE_YEARS: dict[str, tuple[int, int]] = {
    AgeBand.PRENATAL: (0, 0),
    AgeBand.MONTHS_0_12: (0, 0),
    AgeBand.MONTHS_12_24: (1, 1),
    AgeBand.MONTHS_24_36: (2, 2),
    AgeBand.YEARS_3_5: (3, 5),
}
# The portal's code for American Sign Language predates ISO 639-3's "ase".
ISO_LANGUAGE = {"asl": "ase"}
PORTAL_LANGUAGE = {iso: code for code, iso in ISO_LANGUAGE.items()}


@dataclass(frozen=True)
class TaxonomyInfo:
    """One of the three vocabularies the directory's terms come from."""

    key: str
    name: str
    description: str
    # The directory page's query parameter for a term of this taxonomy.
    filter_name: str
    link_type: str

    @cached_property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"taxonomy:{self.key}")


SERVICE_TYPES = TaxonomyInfo(
    "service_types",
    "Service types",
    "What a provider offers families with babies and young children: "
    "consultation, home visiting, dyadic therapy and more.",
    "service",
    "service_type",
)
MODALITIES = TaxonomyInfo(
    "modalities",
    "Models and modalities",
    "Named models and approaches a provider is trained in, such as "
    "Child-Parent Psychotherapy or Facilitating Attuned Interactions.",
    "model",
    "model",
)
CREDENTIALS = TaxonomyInfo(
    "credentials",
    "Endorsements and certifications",
    "Professional endorsements (IMH-E®, ECMH-E®) and certifications a provider "
    "holds. An attribute's value says whether a moderator verified it.",
    "endorsement",
    "credential",
)
TAXONOMIES = (SERVICE_TYPES, MODALITIES, CREDENTIALS)


def derived_id(base: uuid.UUID, kind: str) -> uuid.UUID:
    """``base`` with bits flipped by a mask named after ``kind``.

    The operation is its own inverse, so an organization or service_at_location
    id leads back to its listing or location by an indexed lookup, where a
    ``uuid5`` could only be matched by computing it for every row. The version
    and variant bits are left alone: the result is a valid UUID of the same
    version as ``base``.
    """
    return uuid.UUID(int=base.int ^ _mask(kind))


_VERSION_AND_VARIANT = uuid.UUID("00000000-0000-f000-c000-000000000000").int


@cache
def _mask(kind: str) -> int:
    return uuid.uuid5(NAMESPACE, kind).int & ~_VERSION_AND_VARIANT


def organization_id(listing: Listing) -> uuid.UUID:
    return derived_id(listing.uuid, "organization")


def virtual_location_id(listing: Listing) -> uuid.UUID:
    return derived_id(listing.uuid, "virtual_location")


def service_at_location_id(location_id: uuid.UUID) -> uuid.UUID:
    """One service per listing, so a location id alone names the pair."""
    return derived_id(location_id, "service_at_location")


@cache
def credential_term_id(kind: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"credential:{kind}")


def offers_telehealth(listing: Listing) -> bool:
    """Telehealth with the regions it reaches: what a virtual location needs."""
    return Delivery.TELEHEALTH in listing.delivery and bool(listing.telehealth_regions)


VOCABULARIES = {
    "accepting": Accepting.choices,
    "age_band": AgeBand.choices,
    "credential": CredentialKind.choices,
    "language": LANGUAGES,
    "payment": Payment.choices,
}


@cache
def english(vocabulary: str) -> dict[str, str]:
    """One of ``VOCABULARIES``' labels in English, whatever language is active."""
    with translation.override("en"):
        return {value: str(label) for value, label in VOCABULARIES[vocabulary]}


def _labels(vocabulary: str, values: Iterable[str]) -> list[str]:
    labels = english(vocabulary)
    return [labels[value] for value in values if value in labels]


def for_records(listings: QuerySet, *, full: bool = True) -> QuerySet:
    """``listings`` with what ``service`` (or ``service_summary``) reads.

    Relations are prefetched into plain lists: Django's prefetch cache builds
    a queryset per row and relation, which cost more than the mapping itself
    when exporting the whole directory.
    """
    relations = RELATIONS if full else SUMMARY_RELATIONS
    return listings.defer(*UNUSED_COLUMNS).prefetch_related(
        *(Prefetch(name, to_attr=f"hsds_{name}") for name in relations)
    )


def prefetched(listing: Listing, relation: str) -> list:
    """A relation as ``for_records`` read it, or read now."""
    rows = getattr(listing, f"hsds_{relation}", None)
    return rows if rows is not None else list(getattr(listing, relation).all())


# ``reverse`` is slow next to the rest of the mapping: each URL is reversed
# once, with a placeholder for the slug or query.
_PLACEHOLDER = "hsds-placeholder"


@cache
def _url_template(name: str) -> str:
    if name == "directory:detail":
        return reverse(name, kwargs={"slug": _PLACEHOLDER})
    return reverse(name) + _PLACEHOLDER


def _site_url_of(name: str, value: str) -> str:
    return site_url() + _url_template(name).replace(_PLACEHOLDER, value)


def _compact(record: dict) -> dict:
    """Drop the fields the listing has no value for."""
    return {name: value for name, value in record.items() if value not in (None, "")}


# --- Taxonomies -------------------------------------------------------------


def taxonomy(info: TaxonomyInfo) -> dict:
    """An HSDS ``taxonomy``: one of the three vocabularies."""
    return {"id": str(info.id), "name": info.name, "description": info.description}


def taxonomy_term(term: ServiceType | Modality) -> dict:
    """An HSDS ``taxonomy_term`` for a service type or a model, id = its uuid."""
    info = SERVICE_TYPES if isinstance(term, ServiceType) else MODALITIES
    return _term(info, term.uuid, term.slug, term.name, term.description, site_url())


def credential_term(kind: str) -> dict:
    """An HSDS ``taxonomy_term`` for a kind of credential; its id is derived."""
    name = english("credential")[kind]
    return _term(CREDENTIALS, credential_term_id(kind), kind, name, "", site_url())


def credential_terms() -> list[dict]:
    return [credential_term(kind) for kind in CredentialKind.values]


# The same few terms appear in thousands of records; a renamed term has new
# arguments, so it is never served from here stale. Callers must not change
# the dicts returned.
@lru_cache(maxsize=1024)
def _term(
    info: TaxonomyInfo,
    term_id: uuid.UUID,
    code: str,
    name: str,
    description: str,
    origin: str,
) -> dict:
    query = f"?{info.filter_name}={code}"
    directory_url = _url_template("directory:list").replace(_PLACEHOLDER, query)
    return {
        "id": str(term_id),
        "code": code,
        "name": name,
        # Required by HSDS; a term without a description is described by its name.
        "description": plain_text(description) or name,
        "taxonomy": info.name,
        "taxonomy_id": str(info.id),
        "taxonomy_detail": taxonomy(info),
        "language": "en",
        "term_uri": origin + directory_url,
    }


# --- Organizations ----------------------------------------------------------


def organization_summary(listing: Listing) -> dict:
    """An organization's own fields: an item of ``/organizations``."""
    return _compact(
        {
            "id": str(organization_id(listing)),
            "name": listing.organization or listing.name,
            "description": _organization_description(listing),
            "email": listing.public_email,
            "website": listing.website,
            "uri": _site_url_of("directory:detail", listing.slug),
        }
    )


def organization(listing: Listing, *, full_services: bool = False) -> dict:
    """A fully nested organization: its locations and its one service."""
    offered = service(listing) if full_services else service_summary(listing)
    del offered["organization"]  # it is the record itself
    return {
        **organization_summary(listing),
        "locations": locations(listing),
        "services": [offered],
    }


def _organization_description(listing: Listing) -> str:
    if listing.kind == ListingKind.ORGANIZATION and listing.bio:
        text = plain_text(listing.bio)
    elif listing.kind == ListingKind.ORGANIZATION:
        text = f"{listing.name} is a program listed in the provider directory."
    else:
        who = ", ".join(filter(None, [listing.name, listing.qualifications]))
        where = listing.organization or "an independent practice"
        text = f"The practice of {who}, an individual practitioner at {where}."
    return _with_sample_note(listing, text)


def _with_sample_note(listing: Listing, text: str) -> str:
    return f"{SAMPLE_NOTE} {text}" if listing.is_sample else text


# --- Services ---------------------------------------------------------------


def service_minimal(listing: Listing) -> dict:
    """A service as ``minimal=true`` lists it: enough to see what changed."""
    return {"id": str(listing.uuid), "last_modified": listing.updated_at.isoformat()}


def service_summary(listing: Listing) -> dict:
    """A service's own fields and its organization: an item of ``/services``.

    Reads ``for_records(full=False)``'s relations.
    """
    ages = age_range(listing.age_bands)
    return _compact(
        {
            "id": str(listing.uuid),
            "organization_id": str(organization_id(listing)),
            "name": listing.name,
            "description": _service_description(listing),
            "url": listing.website,
            "email": listing.public_email,
            "status": "active",
            "fees_description": _fees(listing),
            "accreditations": _accreditations(listing),
            "eligibility_description": _eligibility(listing),
            "minimum_age": ages[0] if ages else None,
            "maximum_age": ages[1] if ages else None,
            "assured_date": listing.verified_on.isoformat()
            if listing.verified_on
            else None,
            "alert": _alert(listing),
            "last_modified": listing.updated_at.isoformat(),
            "organization": organization_summary(listing),
        }
    )


def service(listing: Listing, *, with_locations: bool = True) -> dict:
    """A fully nested service, as ``/services/{id}`` shows it.

    Reads ``for_records``' relations.
    """
    record = service_summary(listing)
    record.update(
        phones=_phones(listing),
        languages=_languages(listing),
        service_areas=_service_areas(listing),
        attributes=_attributes(listing),
    )
    if with_locations:
        record["service_at_locations"] = [
            _service_at_location_core(listing, place) for place in locations(listing)
        ]
    return record


def age_range(bands: Iterable[str]) -> tuple[int, int] | None:
    """The youngest and oldest ages served, in completed years, or None."""
    years = [AGE_YEARS[band] for band in bands if band in AGE_YEARS]
    if not years:
        return None
    return min(low for low, _high in years), max(high for _low, high in years)


def _service_description(listing: Listing) -> str:
    if listing.bio:
        text = plain_text(listing.bio)
    else:
        offered = [term.name for term in prefetched(listing, "service_types")]
        what = ", ".join(offered).lower() if offered else "services"
        text = f"{listing.name} offers {what} for families with babies and young "
        text += "children."
    return _with_sample_note(listing, text)


def _fees(listing: Listing) -> str:
    accepted = _labels("payment", listing.payment)
    return f"Payment accepted: {', '.join(accepted)}." if accepted else ""


def _eligibility(listing: Listing) -> str:
    ages = _labels("age_band", listing.age_bands)
    return f"Ages served: {', '.join(ages)}." if ages else ""


def _accreditations(listing: Listing) -> str:
    parts = [listing.qualifications] if listing.qualifications else []
    for credential in prefetched(listing, "credentials"):
        label = english("credential")[credential.kind]
        if credential.issued_by:
            label += f" from {credential.issued_by}"
        if credential.verified_on:
            label += f", verified {credential.verified_on.isoformat()}"
        else:
            label += ", not yet verified"
        parts.append(label)
    return "; ".join(parts)


def _alert(listing: Listing) -> str:
    notes = []
    if listing.accepting != Accepting.YES:
        status = english("accepting")[listing.accepting]
        notes.append(f"{status} (as of {listing.accepting_updated_on.isoformat()}).")
    if listing.is_stale():
        notes.append(
            "Not confirmed by the provider since "
            f"{listing.confirmed_on.isoformat()}: it may be out of date."
        )
    return " ".join(notes)


def _phones(listing: Listing) -> list[dict]:
    if not listing.phone:
        return []
    return [
        {
            "id": str(uuid.uuid5(listing.uuid, "phone")),
            "service_id": str(listing.uuid),
            "number": listing.phone,
        }
    ]


def _languages(listing: Listing) -> list[dict]:
    names = english("language")
    return [
        {
            "id": str(uuid.uuid5(listing.uuid, f"language:{code}")),
            "service_id": str(listing.uuid),
            "name": names.get(code, code),
            "code": ISO_LANGUAGE.get(code, code),
        }
        for code in listing.languages
    ]


def _service_areas(listing: Listing) -> list[dict]:
    if not offers_telehealth(listing):
        return []
    return [
        {
            "id": str(uuid.uuid5(listing.uuid, f"service_area:{code}")),
            "service_id": str(listing.uuid),
            "name": region_name(code),
            "description": f"Telehealth for families in {region_name(code)}.",
            # The HSDS codelist's "text" extent, holding the ISO 3166 code.
            "extent": code,
            "extent_type": "text",
        }
        for code in listing.telehealth_regions
    ]


def _attributes(listing: Listing) -> list[dict]:
    terms = [
        (SERVICE_TYPES, taxonomy_term(term), "", "")
        for term in sorted(prefetched(listing, "service_types"), key=_term_order)
    ]
    terms += [
        (MODALITIES, taxonomy_term(term), "", "")
        for term in sorted(prefetched(listing, "modalities"), key=_term_order)
    ]
    for credential in prefetched(listing, "credentials"):
        value = (
            f"verified {credential.verified_on.isoformat()}"
            if credential.verified_on
            else "claimed, not yet verified"
        )
        # A listing may claim a kind twice ("other"): the row keeps ids apart.
        terms.append(
            (CREDENTIALS, credential_term(credential.kind), value, f":{credential.pk}")
        )
    return [
        _compact(
            {
                "id": str(uuid.uuid5(listing.uuid, f"attribute:{term['id']}{extra}")),
                "link_id": str(listing.uuid),
                "link_type": info.link_type,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
                "value": value,
            }
        )
        for info, term, value, extra in terms
    ]


def _term_order(term: ServiceType | Modality) -> tuple:
    return term.position, term.name


# --- Locations --------------------------------------------------------------


def locations(listing: Listing) -> list[dict]:
    """Every HSDS location of a listing: its sites, then telehealth if offered."""
    sites = sorted(prefetched(listing, "locations"), key=lambda site: site.pk)
    found = [physical_location(listing, site) for site in sites]
    if offers_telehealth(listing):
        found.append(virtual_location(listing))
    return found


def physical_location(listing: Listing, site: Location) -> dict:
    """A site where the provider sees families.

    When the street address is hidden (a home-based practice) ``address_1`` is
    empty, as the schema requires the field, and a point a moderator set
    exactly is rounded to about a kilometre so it cannot give the house away.
    """
    hidden = not site.show_address
    latitude, longitude = site.latitude, site.longitude
    if hidden and site.point_source == Location.PointSource.EXACT:
        latitude, longitude = round(latitude, 2), round(longitude, 2)
    return _compact(
        {
            "id": str(site.uuid),
            "location_type": "physical",
            "organization_id": str(organization_id(listing)),
            "name": site.label or f"{listing.name}, {site.city}",
            "description": "Street address not published." if hidden else "",
            "latitude": latitude,
            "longitude": longitude,
            "addresses": [
                {
                    "id": str(uuid.uuid5(site.uuid, "address")),
                    "location_id": str(site.uuid),
                    "address_1": "" if hidden else site.address,
                    "city": site.city,
                    "state_province": site.region.split("-")[-1],
                    "postal_code": site.postal_code,
                    "country": site.country,
                    "address_type": "physical",
                }
            ],
        }
    )


def virtual_location(listing: Listing) -> dict:
    """Telehealth, as a location: where the service reaches families online."""
    regions = "; ".join(region_name(code) for code in listing.telehealth_regions)
    return _compact(
        {
            "id": str(virtual_location_id(listing)),
            "location_type": "virtual",
            "organization_id": str(organization_id(listing)),
            "name": "Telehealth",
            "description": f"Sessions by video or phone for families in {regions}.",
            "url": listing.website,
        }
    )


# --- Services at locations --------------------------------------------------


def _service_at_location_core(listing: Listing, place: dict) -> dict:
    location_id = uuid.UUID(place["id"])
    return {
        "id": str(service_at_location_id(location_id)),
        "service_id": str(listing.uuid),
        "location_id": place["id"],
        "location": place,
    }


def service_at_location(listing: Listing, place: dict, *, full: bool = False) -> dict:
    """The service at one of its HSDS locations, with both nested.

    ``place`` is one of ``locations(listing)``. An item of
    ``/service_at_locations`` carries the service's own fields; the full
    record (``full``) its phones, languages, areas and terms too.
    """
    if full:
        return {
            **_service_at_location_core(listing, place),
            "service": service(listing, with_locations=False),
        }
    return {
        **_service_at_location_core(listing, location_summary(place)),
        "service": service_summary(listing),
    }


def location_summary(place: dict) -> dict:
    """A location's own fields, without its addresses: what a list item nests."""
    return {name: value for name, value in place.items() if name != "addresses"}
