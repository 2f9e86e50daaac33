"""HSDS organizations and services: a listing is one organization offering one
service, available at each of the listing's locations."""

import uuid
from collections.abc import Iterable

from directory.hsds.mapping.ids import organization_id, service_at_location_id
from directory.hsds.mapping.locations import (
    location_summary,
    locations,
    offers_telehealth,
)
from directory.hsds.mapping.records import compact, prefetched, site_url_of
from directory.hsds.mapping.taxonomies import (
    CREDENTIALS,
    MODALITIES,
    SERVICE_TYPES,
    credential_term,
    taxonomy_term,
)
from directory.hsds.mapping.vocabularies import (
    AGE_YEARS,
    ISO_LANGUAGE,
    SAMPLE_NOTE,
    english,
    english_labels,
    labels,
)
from directory.models import Accepting, Listing, ListingKind, Modality, ServiceType
from imh_portal.plain_text import plain_text
from imh_portal.vocabulary import region_name

# --- Organizations ----------------------------------------------------------


def organization_summary(listing: Listing) -> dict:
    """An organization's own fields: an item of ``/organizations``."""
    return compact(
        {
            "id": str(organization_id(listing)),
            "name": listing.organization or listing.name,
            "description": _organization_description(listing),
            "email": listing.public_email,
            "website": listing.website,
            "uri": site_url_of("directory:detail", listing.slug),
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
    return compact(
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
    accepted = english_labels("payment", listing.payment)
    return f"Payment accepted: {', '.join(accepted)}." if accepted else ""


def _eligibility(listing: Listing) -> str:
    ages = english_labels("age_band", listing.age_bands)
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
    # HSDS names a language freely: in the language the records are asked in.
    names = labels("language")
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
        compact(
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
