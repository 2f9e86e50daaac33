"""The sample directory: many metros, sensible combinations, every one labelled."""

import re
from io import StringIO

import pytest
import zipcodes
from django.core.management import call_command
from django.urls import reverse

from directory.geo import Point, haversine_km, km_to_miles
from directory.models import Listing, PlaceKind
from directory.sample_listings import MODEL_AGES, SERVICE_AGES
from tests.factories import ListingFactory, PlaceFactory

pytestmark = pytest.mark.django_db

FICTIONAL_PHONE = re.compile(r"\(\d{3}\) 555-01\d\d")


def load():
    """As ``make run`` does each time: the starter content, then the samples."""
    call_command("load_starter_content", stdout=StringIO())
    call_command("load_demo_listings", stdout=StringIO())


@pytest.fixture
def samples(starter_content):
    call_command("load_demo_listings", stdout=StringIO())
    return list(
        Listing.objects.filter(is_sample=True).prefetch_related(
            "service_types", "modalities", "credentials", "locations"
        )
    )


def test_the_samples_fill_at_least_150_listings_in_12_metros_and_4_states(samples):
    places = {
        (location.city, location.region)
        for listing in samples
        for location in listing.locations.all()
    }
    assert len(samples) >= 150
    assert len(places) >= 12
    assert len({region for _city, region in places}) >= 4


def test_every_sample_is_flagged_named_and_described_as_not_real(samples):
    for listing in samples:
        assert listing.is_sample
        assert listing.name.endswith("(sample)")
        assert "not a real provider" in listing.bio


def test_the_directory_page_labels_every_sample_it_shows(samples, client):
    html = client.get(reverse("directory:list")).content.decode()
    assert html.count("Sample listing — not a real provider") == 20  # one page


def test_sample_sites_sit_within_a_few_miles_of_a_real_zip_codes_centre(samples):
    for listing in samples:
        for location in listing.locations.all():
            (record,) = zipcodes.matching(location.postal_code)
            assert location.region == f"US-{record['state']}"
            centre = Point(float(record["lat"]), float(record["long"]))
            assert km_to_miles(haversine_km(centre, location.point)) <= 3


def test_many_samples_claim_credentials_and_only_some_are_verified(samples):
    credentials = [c for listing in samples for c in listing.credentials.all()]
    with_credentials = [listing for listing in samples if listing.credentials.all()]
    assert len(with_credentials) >= 50
    assert any(credential.verified_on for credential in credentials)
    assert any(credential.verified_on is None for credential in credentials)


def test_endorsements_show_in_the_practitioners_signature(samples):
    for listing in samples:
        kinds = {credential.kind for credential in listing.credentials.all()}
        if kinds & {"ifa", "ifs", "imhs", "imhm_c", "imhm_p", "imhm_rf"}:
            assert "IMH-E®" in listing.qualifications
        if "pmh_c" in kinds:
            assert "PMH-C" in listing.qualifications
        if "reflective_supervisor" in kinds:
            assert kinds & {"imhs", "imhm_c", "imhm_rf", "ecmhm_c", "imhm_p"}


def test_every_sample_offers_only_models_and_services_that_fit_its_ages(samples):
    for listing in samples:
        ages = set(listing.age_bands)
        assert ages, listing.name
        for modality in listing.modalities.all():
            assert ages <= set(MODEL_AGES[modality.slug]), (listing.name, modality)
        for service in listing.service_types.all():
            assert ages <= set(SERVICE_AGES[service.slug]), (listing.name, service)


def test_pcit_samples_serve_no_babies_and_home_visiting_starts_in_pregnancy(samples):
    pcit = [s for s in samples if "pcit" in {m.slug for m in s.modalities.all()}]
    visiting = [
        s
        for s in samples
        if {"nurse-family-partnership", "healthy-families-america"}
        & {m.slug for m in s.modalities.all()}
    ]
    assert pcit and visiting
    assert all("0-12m" not in listing.age_bands for listing in pcit)
    assert all("prenatal" in listing.age_bands for listing in visiting)


def test_samples_use_fictional_phones_and_example_org_addresses_only(samples):
    assert sum(bool(listing.phone) for listing in samples) >= 150
    for listing in samples:
        assert not listing.phone or FICTIONAL_PHONE.fullmatch(listing.phone)
        assert not listing.public_email or listing.public_email.endswith("@example.org")
        assert not listing.website or listing.website.startswith("https://example.org/")


def test_some_samples_offer_telehealth_in_their_state_and_a_few_only_by_video(
    samples,
):
    by_video = [listing for listing in samples if "telehealth" in listing.delivery]
    only_by_video = [s for s in by_video if s.delivery == ["telehealth"]]
    assert len(by_video) >= 30
    assert 3 <= len(only_by_video) <= 15
    for listing in by_video:
        states = {location.region for location in listing.locations.all()}
        assert len(listing.telehealth_regions) == 1
        assert not states or states == set(listing.telehealth_regions)
    assert all(not listing.locations.all() for listing in only_by_video)


def test_samples_speak_spanish_and_other_languages_and_take_medicaid(samples):
    assert sum("es" in listing.languages for listing in samples) >= 50
    assert {code for listing in samples for code in listing.languages} - {"en", "es"}
    assert sum("medicaid" in listing.payment for listing in samples) >= 30
    assert {listing.accepting for listing in samples} == {"yes", "waitlist", "no"}


def test_a_search_near_98101_within_25_miles_lists_a_page_of_seattle_samples(
    samples, client
):
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    response = client.get(reverse("directory:list"), {"near": "98101", "radius": 25})
    in_person = [
        listing
        for listing in response.context["results"].page
        if listing.distance is not None
    ]
    assert len(in_person) >= 8
    assert all(listing.distance <= 25 for listing in in_person)


def test_loading_demo_listings_again_replaces_them_and_spares_real_ones(
    starter_content,
):
    real = ListingFactory(name="A real provider")
    load()
    first = set(Listing.objects.filter(is_sample=True).values_list("slug", flat=True))
    load()
    again = set(Listing.objects.filter(is_sample=True).values_list("slug", flat=True))
    assert len(first) >= 150
    assert again == first
    assert Listing.objects.filter(pk=real.pk).exists()


def test_the_starter_content_loads_no_sample_listings(starter_content):
    call_command("load_starter_content", stdout=StringIO())
    assert not Listing.objects.exists()
