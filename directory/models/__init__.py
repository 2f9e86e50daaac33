"""The provider directory: listings, their locations and credentials, and the
places families search from.

One module per topic; every name is importable from ``directory.models`` too.
"""

from directory.models.credentials import Credential, CredentialKind
from directory.models.freshness import (
    HIDDEN_AFTER_MONTHS,
    REMIND_DAYS_BEFORE,
    STALE_AFTER_MONTHS,
    hidden_at,
    months_before,
)
from directory.models.listings import (
    LIVE_STATUSES,
    Accepting,
    Delivery,
    Listing,
    ListingKind,
    ListingQuerySet,
    ListingStatus,
    Payment,
)
from directory.models.locations import Location
from directory.models.moderation import ListingEvent, ListingReport, ReportStatus
from directory.models.places import Place, PlaceKind, PlaceQuerySet, region_codes
from directory.models.taxonomies import (
    Modality,
    ServiceType,
    Taxonomy,
    TaxonomyQuerySet,
)

__all__ = [
    "HIDDEN_AFTER_MONTHS",
    "LIVE_STATUSES",
    "REMIND_DAYS_BEFORE",
    "STALE_AFTER_MONTHS",
    "Accepting",
    "Credential",
    "CredentialKind",
    "Delivery",
    "Listing",
    "ListingEvent",
    "ListingKind",
    "ListingQuerySet",
    "ListingReport",
    "ListingStatus",
    "Location",
    "Modality",
    "Payment",
    "Place",
    "PlaceKind",
    "PlaceQuerySet",
    "ReportStatus",
    "ServiceType",
    "Taxonomy",
    "TaxonomyQuerySet",
    "hidden_at",
    "months_before",
    "region_codes",
]
