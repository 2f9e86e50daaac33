"""The HSDS API's query parameters: paging, ids, switches and the listing
filters, each answering 400 with every reason when it is bad."""

import datetime
import math
import uuid
from dataclasses import dataclass

from rest_framework.exceptions import NotFound, ValidationError

from directory import geo
from directory.hsds import mapping
from directory.hsds.queries import taxonomy_condition, term_condition
from directory.hsds.schema import (
    DEFAULT_PER_PAGE,
    DEFAULT_PROXIMITY_METRES,
    MAX_PER_PAGE,
    MAX_PROXIMITY_METRES,
)
from directory.models import Place
from imh_portal import search as text_search
from imh_portal.api_lists import modified_after

# What the lists accept beyond the parameters every public read takes.
LIST_EXTRAS = {"per_page", "search"}
LISTING_EXTRAS = LIST_EXTRAS | {
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "full",
}


def page_parameters(params, max_per_page: int = MAX_PER_PAGE) -> tuple[int, int]:
    """(page number from 1, page size) from ``page`` and ``per_page``; 400 if bad."""
    errors, values = {}, {}
    for name, default, upper in (
        ("page", 1, None),
        ("per_page", DEFAULT_PER_PAGE, max_per_page),
    ):
        raw = params.get(name)
        if raw is None:
            values[name] = default
        elif not raw.isdigit() or int(raw) < 1:
            errors[name] = ["Must be a whole number of 1 or more."]
        elif upper is not None and int(raw) > upper:
            errors[name] = [f"Must be at most {upper}."]
        else:
            values[name] = int(raw)
    if errors:
        raise ValidationError(errors)
    return values["page"], values["per_page"]


def parse_id(text: str) -> uuid.UUID:
    """A record id from the path; anything but a UUID names no record (404)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound("No record has this id.") from None


def uuid_parameter(params, name: str, errors: dict) -> uuid.UUID | None:
    """A UUID, or None when absent; a bad value is added to ``errors``."""
    raw = params.get(name)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        errors[name] = ["Must be a UUID."]
        return None


def boolean_parameter(params, name: str, errors: dict) -> bool:
    """True or false, false when absent; a bad value is added to ``errors``."""
    raw = params.get(name)
    if raw is None:
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    errors[name] = ["Must be true or false."]
    return False


@dataclass(frozen=True)
class ListingFilters:
    """The cumulative filters of the listing-based lists."""

    text: str = ""
    term: uuid.UUID | None = None
    taxonomy: uuid.UUID | None = None
    organization: uuid.UUID | None = None
    modified_after: datetime.datetime | None = None
    full: bool = False
    full_service: bool = False

    @classmethod
    def from_request(cls, request) -> "ListingFilters":
        params = request.query_params
        errors: dict[str, list[str]] = {}
        text = text_search.normalise_query(params.get("search"))
        if len(text) > text_search.MAX_QUERY_LENGTH:
            errors["search"] = [
                f"Must be at most {text_search.MAX_QUERY_LENGTH} characters."
            ]
        moment = None
        try:
            moment = modified_after(request)
        except ValidationError as error:
            errors.update(error.detail)
        except ValueError:  # well formed but impossible, e.g. 2026-02-30
            errors["modified_after"] = ["Must be a real date and time."]
        filters = cls(
            text=text,
            term=uuid_parameter(params, "taxonomy_term_id", errors),
            taxonomy=uuid_parameter(params, "taxonomy_id", errors),
            organization=uuid_parameter(params, "organization_id", errors),
            modified_after=moment,
            full=boolean_parameter(params, "full", errors),
            full_service=boolean_parameter(params, "full_service", errors),
        )
        if errors:
            raise ValidationError(errors)
        return filters

    def apply(self, listings):
        """The listings that pass every filter, in a stable order."""
        if self.text:
            listings = listings.search(self.text)
        if self.term is not None:
            listings = listings.filter(term_condition(self.term))
        if self.taxonomy is not None:
            listings = listings.filter(taxonomy_condition(self.taxonomy))
        if self.organization is not None:
            listings = listings.filter(
                uuid=mapping.derived_id(self.organization, "organization")
            )
        if self.modified_after is not None:
            listings = listings.filter(updated_at__gte=self.modified_after)
        return listings.order_by(*(["-rank"] if self.text else []), "pk")


def minimal_parameter(params, *, full: bool) -> bool:
    """``minimal``: true for ids and change times only; 400 beside ``full``."""
    errors: dict[str, list[str]] = {}
    minimal = boolean_parameter(params, "minimal", errors)
    if minimal and full:
        errors["minimal"] = ["Choose minimal or full, not both."]
    if errors:
        raise ValidationError(errors)
    return minimal


def proximity_parameters(params) -> tuple[Place | None, float]:
    """The ZIP code's place and the distance in km; 400 when either is bad."""
    postcode, proximity = params.get("postcode"), params.get("proximity")
    errors = {}
    metres = DEFAULT_PROXIMITY_METRES
    if proximity is not None:
        try:
            metres = float(proximity)
        except ValueError:
            metres = math.nan
        if not 1 <= metres <= MAX_PROXIMITY_METRES:
            errors["proximity"] = [
                f"Must be a distance in metres from 1 to {MAX_PROXIMITY_METRES}."
            ]
        if postcode is None:
            errors["proximity"] = ["Give a postcode to measure from."]
    place = None
    if postcode is not None:
        zip_code = geo.parse_us_zip(postcode)
        place = Place.objects.lookup(zip_code) if zip_code else None
        if zip_code is None:
            errors["postcode"] = ["Must be a five-digit US ZIP code."]
        elif place is None:
            errors["postcode"] = [f"We do not know the ZIP code {zip_code}."]
    if errors:
        raise ValidationError(errors)
    return place, metres / 1000
