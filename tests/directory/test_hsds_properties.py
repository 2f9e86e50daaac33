"""Property: whatever a provider can put in a listing, its HSDS records are valid.

Listings are drawn from everything the model allows (any vocabulary values,
text with any characters the form accepts, zero to three sites with or without
a street, any credentials) and mapped; each record must validate against the
official HSDS 3.0 schemas.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.hsds import mapping
from directory.models import (
    Accepting,
    CredentialKind,
    Delivery,
    Listing,
    ListingKind,
    Payment,
)
from imh_portal.vocabulary import LANGUAGE_CODES, AgeBand
from tests.directory.hsds_helpers import assert_valid
from tests.factories import ListingFactory, LocationFactory, ServiceTypeFactory

TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=120)
REGIONS = ["US-WA", "US-OR", "US-NY", "CA-BC", "US"]


def subset(values):
    return st.lists(st.sampled_from(list(values)), unique=True)


listing_fields = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(ListingKind.values),
        "name": TEXT.filter(str.strip),
        "organization": TEXT,
        "qualifications": TEXT,
        "bio": TEXT,
        "age_bands": subset(AgeBand.values),
        "languages": subset(LANGUAGE_CODES).filter(bool),
        "delivery": subset(Delivery.values).filter(bool),
        "payment": subset(Payment.values),
        "telehealth_regions": subset(REGIONS),
        "accepting": st.sampled_from(Accepting.values),
        "phone": st.sampled_from(["", "206-555-0100", "+1 800 944 4773 ext 2"]),
        "public_email": st.sampled_from(["", "hello@example.org"]),
        "website": st.sampled_from(["", "https://example.org/care"]),
        "is_sample": st.booleans(),
    }
)
sites = st.lists(
    st.fixed_dictionaries(
        {
            "address": TEXT,
            "label": TEXT,
            "show_address": st.booleans(),
            "latitude": st.floats(-89.9, 89.9),
            "longitude": st.floats(-179.9, 179.9),
        }
    ),
    max_size=3,
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=listing_fields, places=sites, credentials=subset(CredentialKind.values))
def test_any_listing_maps_to_valid_hsds_records(fields, places, credentials):
    service_type = ServiceTypeFactory(slug="home-visiting", name="Home visiting")
    listing = ListingFactory(**fields, service_types=[service_type])
    for place in places:
        LocationFactory(listing=listing, **place)
    for kind in credentials:
        listing.credentials.create(kind=kind, issued_by="WA-AIMH", year=2020)
    listing = mapping.for_records(Listing.objects.filter(pk=listing.pk)).get()

    assert_valid(mapping.service(listing), "compiled/service.json")
    assert_valid(mapping.service_summary(listing), "compiled/service_list.json")
    assert_valid(mapping.organization(listing), "compiled/organization.json")
    for place in mapping.locations(listing):
        assert_valid(place, "location.json")
        link = mapping.service_at_location(listing, place)
        assert_valid(link, "compiled/service_at_location.json")
    Listing.objects.filter(pk=listing.pk).delete()
