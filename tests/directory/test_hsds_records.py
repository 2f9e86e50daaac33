"""The HSDS 3.0 API's single records: the root, services, organizations,
sites and taxonomies, checked against the official schemas; and what the
public may not see never appearing."""

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.hsds import mapping
from directory.models import Listing, ListingStatus, months_before
from tests.directory.hsds_api_helpers import CAPITOL_HILL, listing_at, url
from tests.directory.hsds_helpers import assert_valid
from tests.factories import ListingFactory, ModalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]


# --- The root and single records ------------------------------------------


def test_the_root_says_version_profile_and_openapi_document(api):
    body = api.get(url("root")).json()
    assert body["version"] == "3.0"
    assert body["profile"] == mapping.PROFILE_URI
    assert body["openapi_url"] == (
        "http://testserver" + reverse("api-schema") + "?format=json"
    )


def test_the_openapi_url_in_the_root_serves_json(api):
    openapi_url = api.get(url("root")).json()["openapi_url"]
    response = api.get(openapi_url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response.json()["openapi"].startswith("3.")


def test_a_service_is_fully_nested_and_valid(api, rich_listing):
    response = api.get(url("service-detail", rich_listing.uuid))
    assert response.status_code == 200
    service = response.json()
    assert_valid(service, "compiled/service.json")
    assert service["id"] == str(rich_listing.uuid)
    assert service["status"] == "active"
    assert service["organization"]["name"] == "Harbor Health"
    assert (service["minimum_age"], service["maximum_age"]) == (0, 1)
    assert service["assured_date"] == "2026-05-01"
    assert service["url"] == "https://harbor.example/"
    assert service["email"] == "hello@harbor.example"
    assert service["phones"][0]["number"] == "206-555-0100"
    assert [item["code"] for item in service["languages"]] == ["en", "es", "ase"]
    assert service["fees_description"] == "Payment accepted: Medicaid, Sliding scale."
    assert service["alert"].startswith("Waitlist")
    assert "Infant Mental Health Specialist" in service["accreditations"]
    assert [area["extent"] for area in service["service_areas"]] == ["US-WA", "US-OR"]


def test_a_service_links_every_term_and_credential(api, rich_listing):
    service = api.get(url("service-detail", rich_listing.uuid)).json()
    terms = {
        attribute["taxonomy_term"]["code"]: attribute
        for attribute in service["attributes"]
    }
    assert set(terms) == {"dyadic-therapy", "home-visiting", "cpp", "imhs", "pmh_c"}
    term = rich_listing.service_types.get(slug="home-visiting")
    assert terms["home-visiting"]["taxonomy_term_id"] == str(term.uuid)
    assert terms["cpp"]["taxonomy_term"]["taxonomy_id"] == str(mapping.MODALITIES.id)
    assert terms["imhs"]["value"] == "claimed, not yet verified"
    assert terms["pmh_c"]["value"] == "verified 2026-04-02"


def test_locations_hide_a_home_address_and_add_telehealth(api, rich_listing):
    service = api.get(url("service-detail", rich_listing.uuid)).json()
    places = [link["location"] for link in service["service_at_locations"]]
    assert [place["location_type"] for place in places] == [
        "physical",
        "physical",
        "virtual",
    ]
    clinic, home, online = places
    assert clinic["addresses"][0]["address_1"] == "1 Pike St"
    assert clinic["addresses"][0]["state_province"] == "WA"
    assert home["addresses"][0]["address_1"] == ""
    assert home["addresses"][0]["city"] == "Bellevue"
    # A moderator's exact point of a home practice is rounded to about 1 km.
    assert (home["latitude"], home["longitude"]) == (47.61, -122.2)
    assert "Oregon" in online["description"]
    assert "addresses" not in online


def test_ids_are_stable_and_lead_back_to_their_records(api, rich_listing):
    service = api.get(url("service-detail", rich_listing.uuid)).json()
    again = api.get(url("service-detail", rich_listing.uuid)).json()
    assert service == again
    organization = api.get(url("organization-detail", service["organization_id"]))
    assert organization.json()["id"] == service["organization_id"]
    for link in service["service_at_locations"]:
        found = api.get(url("service-at-location-detail", link["id"])).json()
        assert found["location"]["id"] == link["location_id"]
        assert found["service"]["id"] == service["id"]


def test_an_organization_nests_its_locations_and_service(api, rich_listing):
    org_id = mapping.organization_id(rich_listing)
    body = api.get(url("organization-detail", org_id)).json()
    assert_valid(body, "compiled/organization.json")
    assert len(body["locations"]) == 3
    assert [service["id"] for service in body["services"]] == [str(rich_listing.uuid)]
    assert "attributes" not in body["services"][0]
    full = api.get(url("organization-detail", org_id), {"full_service": "true"})
    assert_valid(full.json(), "compiled/organization.json")
    assert full.json()["services"][0]["attributes"]


def test_a_service_at_location_is_valid_for_sites_and_telehealth(api, rich_listing):
    service = api.get(url("service-detail", rich_listing.uuid)).json()
    for link in service["service_at_locations"]:
        body = api.get(url("service-at-location-detail", link["id"])).json()
        assert_valid(body, "compiled/service_at_location.json")
        assert body["service"]["languages"]


def test_a_sample_listing_says_so(api):
    sample = ListingFactory(is_sample=True, bio="Made up.")
    service = api.get(url("service-detail", sample.uuid)).json()
    assert service["description"].startswith("Sample listing — not a real provider.")
    assert service["organization"]["description"].startswith("Sample listing")


def test_a_listing_without_a_bio_still_has_descriptions(api):
    listing = ListingFactory(name="Jo Park", qualifications="PhD")
    service = api.get(url("service-detail", listing.uuid)).json()
    assert service["description"]
    assert service["organization"]["description"].startswith("The practice of Jo")


def test_language_names_follow_the_language_asked_for(api, rich_listing):
    english = api.get(url("service-detail", rich_listing.uuid))
    spanish = api.get(
        url("service-detail", rich_listing.uuid), HTTP_ACCEPT_LANGUAGE="es"
    )
    named = {item["code"]: item["name"] for item in english.json()["languages"]}
    nombrados = {item["code"]: item["name"] for item in spanish.json()["languages"]}
    assert named["es"] == "Spanish"
    assert nombrados["es"] == "Español"


@pytest.mark.parametrize(
    "name",
    [
        "service-detail",
        "organization-detail",
        "service-at-location-detail",
        "taxonomy-detail",
        "taxonomy-term-detail",
    ],
)
@pytest.mark.parametrize("record_id", [uuid.uuid4(), "not-a-uuid", "1"])
def test_unknown_or_malformed_ids_answer_404(api, name, record_id):
    response = api.get(url(name, record_id))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_location_id_is_not_a_service_at_location_id(api, rich_listing):
    site = rich_listing.locations.first()
    assert api.get(url("service-at-location-detail", site.uuid)).status_code == 404


# --- What is published ----------------------------------------------------


def test_listings_the_public_cannot_see_never_appear(api):
    shown = listing_at(CAPITOL_HILL, name="Shown")
    old = months_before(timezone.localdate(), 19)
    hidden = [
        listing_at(CAPITOL_HILL, name="Draft", status=ListingStatus.DRAFT),
        listing_at(CAPITOL_HILL, name="Withdrawn", status=ListingStatus.WITHDRAWN),
        listing_at(CAPITOL_HILL, name="Pending", status=ListingStatus.PENDING),
        listing_at(CAPITOL_HILL, name="Unconfirmed", confirmed_on=old),
    ]
    for name in ["service-list", "organization-list", "service-at-location-list"]:
        for params in [{}, {"postcode": "98101"}, {"search": "clinic"}]:
            if "postcode" in params and name != "service-at-location-list":
                continue
            body = api.get(url(name), params).json()
            text = json.dumps(body)
            for listing in hidden:
                assert str(listing.uuid) not in text
            streamed = b"".join(
                api.get(url(name), {**params, "format": "ndjson"}).streaming_content
            ).decode()
            assert all(str(listing.uuid) not in streamed for listing in hidden)
    assert len(api.get(url("service-list")).json()["contents"]) == 1
    for listing in hidden:
        assert api.get(url("service-detail", listing.uuid)).status_code == 404
        org_id = mapping.organization_id(listing)
        assert api.get(url("organization-detail", org_id)).status_code == 404
        site = listing.locations.get()
        sal_id = mapping.service_at_location_id(site.uuid)
        assert api.get(url("service-at-location-detail", sal_id)).status_code == 404
    assert api.get(url("service-detail", shown.uuid)).status_code == 200


def test_a_telehealth_location_goes_when_telehealth_goes(api):
    listing = ListingFactory(delivery=["telehealth"], telehealth_regions=["US-WA"])
    sal_id = mapping.service_at_location_id(mapping.virtual_location_id(listing))
    assert api.get(url("service-at-location-detail", sal_id)).status_code == 200
    Listing.objects.filter(pk=listing.pk).update(delivery=["office"])
    assert api.get(url("service-at-location-detail", sal_id)).status_code == 404


# --- Taxonomies -----------------------------------------------------------


def test_there_are_three_taxonomies_each_with_its_terms(api):
    ModalityFactory(slug="fan", name="FAN")
    body = api.get(url("taxonomy-list")).json()
    assert [item["name"] for item in body["contents"]] == [
        "Service types",
        "Models and modalities",
        "Endorsements and certifications",
    ]
    for item in body["contents"]:
        assert api.get(url("taxonomy-detail", item["id"])).json() == item
    terms = api.get(url("taxonomy-term-list"), {"per_page": 100}).json()
    codes = [term["code"] for term in terms["contents"]]
    assert codes[:2] == ["dyadic-therapy", "fan"]
    assert "imhs" in codes
    for term in terms["contents"]:
        detail = api.get(url("taxonomy-term-detail", term["id"])).json()
        assert_valid(detail, "taxonomy_term.json")
        assert detail == term


def test_terms_filter_by_taxonomy_search_and_parent(api):
    credentials = mapping.CREDENTIALS.id
    body = api.get(url("taxonomy-term-list"), {"taxonomy_id": credentials}).json()
    assert {term["taxonomy_id"] for term in body["contents"]} == {str(credentials)}
    found = api.get(url("taxonomy-term-list"), {"search": "perinatal"}).json()
    assert [term["code"] for term in found["contents"]] == ["pmh_c"]
    children = api.get(url("taxonomy-term-list"), {"parent_id": uuid.uuid4()}).json()
    assert children["contents"] == []
    top = api.get(url("taxonomy-term-list"), {"top_only": "true"}).json()
    assert top["total_items"] == body["total_items"] + 1  # plus dyadic therapy
