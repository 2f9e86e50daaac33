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
- Text the portal writes is in the language asked for (``?lang=es`` or
  Accept-Language) where HSDS leaves room for it: taxonomy terms (with their
  ``language``) and the names of the languages a service is offered in. Codes,
  statuses and what providers wrote stay as they are.
- A value the listing does not have is left out, never sent as null: the
  official schemas type those fields as strings or numbers.

Callers choose the rows (published means ``Listing.objects.published()``) and
pass them through ``for_records`` so that what the records show is read in a
fixed number of queries.
"""

from directory.hsds.mapping.ids import (
    NAMESPACE,
    credential_term_id,
    derived_id,
    organization_id,
    service_at_location_id,
    virtual_location_id,
)
from directory.hsds.mapping.locations import (
    location_summary,
    locations,
    offers_telehealth,
    physical_location,
    virtual_location,
)
from directory.hsds.mapping.records import (
    RELATIONS,
    SUMMARY_RELATIONS,
    UNUSED_COLUMNS,
    for_records,
    prefetched,
)
from directory.hsds.mapping.services import (
    age_range,
    organization,
    organization_summary,
    service,
    service_at_location,
    service_minimal,
    service_summary,
)
from directory.hsds.mapping.taxonomies import (
    CREDENTIALS,
    MODALITIES,
    SERVICE_TYPES,
    TAXONOMIES,
    TaxonomyInfo,
    credential_term,
    credential_terms,
    taxonomy,
    taxonomy_term,
)
from directory.hsds.mapping.vocabularies import (
    AGE_YEARS,
    HSDS_VERSION,
    ISO_LANGUAGE,
    PORTAL_LANGUAGE,
    PROFILE_URI,
    SAMPLE_NOTE,
    VOCABULARIES,
    english,
)

__all__ = [
    "AGE_YEARS",
    "CREDENTIALS",
    "HSDS_VERSION",
    "ISO_LANGUAGE",
    "MODALITIES",
    "NAMESPACE",
    "PORTAL_LANGUAGE",
    "PROFILE_URI",
    "RELATIONS",
    "SAMPLE_NOTE",
    "SERVICE_TYPES",
    "SUMMARY_RELATIONS",
    "TAXONOMIES",
    "UNUSED_COLUMNS",
    "VOCABULARIES",
    "TaxonomyInfo",
    "age_range",
    "credential_term",
    "credential_term_id",
    "credential_terms",
    "derived_id",
    "english",
    "for_records",
    "location_summary",
    "locations",
    "offers_telehealth",
    "organization",
    "organization_id",
    "organization_summary",
    "physical_location",
    "prefetched",
    "service",
    "service_at_location",
    "service_at_location_id",
    "service_minimal",
    "service_summary",
    "taxonomy",
    "taxonomy_term",
    "virtual_location",
    "virtual_location_id",
]
