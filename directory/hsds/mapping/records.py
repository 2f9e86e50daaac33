"""What every record relies on: its rows read in a fixed number of queries,
links to the site, and no empty values."""

from functools import cache

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from directory.models import Listing
from imh_portal.site_address import site_url

RELATIONS = ("service_types", "modalities", "credentials", "locations")
SUMMARY_RELATIONS = ("service_types", "credentials")
# Wide columns no record shows.
UNUSED_COLUMNS = ("search_vector", "taxonomy_text", "pending_changes")


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


def site_path(name: str, value: str) -> str:
    """The path of URL ``name`` with ``value`` for its slug, or as its query."""
    return _url_template(name).replace(_PLACEHOLDER, value)


def site_url_of(name: str, value: str) -> str:
    return site_url() + site_path(name, value)


def compact(record: dict) -> dict:
    """Drop the fields the listing has no value for."""
    return {name: value for name, value in record.items() if value not in (None, "")}
