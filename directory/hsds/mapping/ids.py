"""HSDS ids, which never change. A service, a location or a term has its row's
``uuid``; an organization, a virtual location or a service_at_location has a
``derived_id`` that leads straight back to its row; a kind of credential has a
``uuid5`` in ``NAMESPACE``."""

import uuid
from functools import cache

from directory.models import Listing

# Every id the portal derives rather than stores depends on this: never change it.
NAMESPACE = uuid.UUID("0d5c8f0e-6a3b-4f7e-9c61-2b8e4a7d1f35")


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
