"""The HSDS 3.0 API: real responses checked against the official schemas."""

import datetime
import json
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from directory.hsds import mapping
from directory.models import (
    Listing,
    ListingKind,
    ListingStatus,
    Location,
    PlaceKind,
    months_before,
)
from tests.directory.hsds_helpers import assert_page, assert_valid
from tests.factories import (
    CredentialFactory,
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    PlaceFactory,
    ServiceTypeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]

# The centre of ZIP code 98101 (see the map_and_terms fixture) and points whose
# distances from it were worked out by hand with the haversine formula.
CAPITOL_HILL = (47.6253, -122.3222)  # 1.67 km
BELLEVUE = (47.6101, -122.2015)  # 9.67 km
TACOMA = (47.2529, -122.4443)  # 40.77 km: just beyond the default 40 km
PORTLAND = (45.5152, -122.6784)  # 234.6 km


@pytest.fixture
def api():
    return APIClient()


def url(name: str, record_id=None) -> str:
    args = [str(record_id)] if record_id is not None else []
    return reverse(f"hsds:{name}", args=args)


def listing_at(point, **fields) -> Listing:
    listing = ListingFactory(**fields)
    LocationFactory(listing=listing, latitude=point[0], longitude=point[1])
    return listing


@pytest.fixture
def rich_listing():
    """A program with every field the mapping reads, two sites and telehealth."""
    dyadic = ServiceTypeFactory(slug="dyadic-therapy")
    visiting = ServiceTypeFactory(slug="home-visiting", name="Home visiting")
    cpp = ModalityFactory(slug="cpp", name="Child-Parent Psychotherapy")
    listing = ListingFactory(
        kind=Listing.Kind.ORGANIZATION,
        name="Harbor Family Therapy",
        organization="Harbor Health",
        bio="We see parents and babies together.",
        qualifications="LCSW",
        age_bands=["prenatal", "0-12m", "12-24m"],
        languages=["en", "es", "asl"],
        delivery=["office", "telehealth"],
        telehealth_regions=["US-WA", "US-OR"],
        payment=["medicaid", "sliding_scale"],
        accepting="waitlist",
        phone="206-555-0100",
        public_email="hello@harbor.example",
        website="https://harbor.example/",
        verified_on=datetime.date(2026, 5, 1),
        service_types=[dyadic, visiting],
        modalities=[cpp],
    )
    LocationFactory(
        listing=listing,
        label="Main clinic",
        address="1 Pike St",
        latitude=CAPITOL_HILL[0],
        longitude=CAPITOL_HILL[1],
    )
    LocationFactory(
        listing=listing,
        address="22 Home Lane",
        city="Bellevue",
        postal_code="98004",
        latitude=47.612345,
        longitude=-122.201567,
        point_source=Location.PointSource.EXACT,
        show_address=False,
    )
    CredentialFactory(listing=listing, kind="imhs", verified_on=None)
    CredentialFactory(
        listing=listing, kind="pmh_c", verified_on=datetime.date(2026, 4, 2)
    )
    return listing


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


def test_records_are_in_english_whatever_the_visitor_reads(api, rich_listing):
    response = api.get(
        url("service-detail", rich_listing.uuid), HTTP_ACCEPT_LANGUAGE="es"
    )
    languages = {item["code"]: item["name"] for item in response.json()["languages"]}
    assert languages["es"] == "Spanish"


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


# --- Lists ----------------------------------------------------------------


def test_every_list_item_is_valid(api, rich_listing):
    ListingFactory(name="Second")
    for name, schema in [
        ("service-list", "compiled/service_list.json"),
        ("organization-list", "compiled/organization_list.json"),
        ("service-at-location-list", "compiled/service_at_location_list.json"),
        ("taxonomy-list", "taxonomy.json"),
        ("taxonomy-term-list", "taxonomy_term.json"),
    ]:
        body = api.get(url(name)).json()
        assert body["contents"], name
        assert_page(body, schema)


def test_full_lists_are_valid_too(api, rich_listing):
    for name, schema in [
        ("service-list", "compiled/service.json"),
        ("organization-list", "compiled/organization.json"),
        ("service-at-location-list", "compiled/service_at_location.json"),
    ]:
        body = api.get(url(name), {"full": "true"}).json()
        assert_page(body, schema)
        assert body["contents"]


def test_the_service_list_carries_one_to_one_fields_only(api, rich_listing):
    item = api.get(url("service-list")).json()["contents"][0]
    assert item["organization"]["id"] == str(mapping.organization_id(rich_listing))
    assert "attributes" not in item
    assert "service_at_locations" not in item


def test_an_empty_list(api):
    body = api.get(url("service-list")).json()
    assert_page(body, "compiled/service_list.json")
    assert body == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_pages_first_middle_last_and_past_the_end(api):
    for number in range(5):
        ListingFactory(name=f"Clinic {number}")
    ids = [
        str(pk) for pk in Listing.objects.order_by("pk").values_list("uuid", flat=True)
    ]

    first = api.get(url("service-list"), {"per_page": 2}).json()
    assert (first["total_items"], first["total_pages"]) == (5, 3)
    assert (first["first_page"], first["last_page"], first["size"]) == (True, False, 2)
    middle = api.get(url("service-list"), {"per_page": 2, "page": 2}).json()
    assert (middle["first_page"], middle["last_page"]) == (False, False)
    last = api.get(url("service-list"), {"per_page": 2, "page": 3}).json()
    assert (last["last_page"], last["size"], last["empty"]) == (True, 1, False)
    seen = [item["id"] for page in (first, middle, last) for item in page["contents"]]
    assert seen == ids

    past = api.get(url("service-list"), {"per_page": 2, "page": 4})
    assert past.status_code == 200
    body = past.json()
    assert_page(body, "compiled/service_list.json")
    assert (body["page_number"], body["size"], body["contents"]) == (4, 0, [])
    assert (body["last_page"], body["empty"], body["total_items"]) == (True, True, 5)


def test_per_page_runs_from_1_to_100(api):
    for number in range(3):
        ListingFactory(name=f"Clinic {number}")
    assert api.get(url("service-list"), {"per_page": 1}).json()["size"] == 1
    assert api.get(url("service-list"), {"per_page": 100}).json()["size"] == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page_size": "10"}, "page_size"),
        ({"tpoic": "sleep"}, "tpoic"),
        ({"modified_after": "last tuesday"}, "modified_after"),
        ({"modified_after": "2026-02-30"}, "modified_after"),
        ({"modified_after": "2026-01-01T25:00:00Z"}, "modified_after"),
        ({"taxonomy_term_id": "dyadic"}, "taxonomy_term_id"),
        ({"taxonomy_id": "1"}, "taxonomy_id"),
        ({"organization_id": "x"}, "organization_id"),
        ({"full": "maybe"}, "full"),
    ],
)
@pytest.mark.parametrize(
    "name", ["service-list", "organization-list", "service-at-location-list"]
)
def test_bad_list_parameters_answer_400_naming_them(api, name, params, field):
    response = api.get(url(name), params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("name", ["taxonomy-list", "taxonomy-term-list"])
def test_small_lists_refuse_what_they_cannot_filter_on(api, name):
    response = api.get(url(name), {"modified_after": "2026-01-01"})
    assert response.status_code == 400
    assert "modified_after" in response.json()


def test_a_single_record_refuses_list_parameters(api, rich_listing):
    response = api.get(url("service-detail", rich_listing.uuid), {"page": 2})
    assert response.status_code == 400
    assert "page" in response.json()


# --- Filters --------------------------------------------------------------


def ids_of(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["contents"]}


def test_search_uses_the_directory_full_text_search(api):
    visiting = ListingFactory(name="Little Steps", bio="We visit families at home.")
    ListingFactory(name="Cedar Clinic", bio="Sessions in our office.")
    found = ids_of(api.get(url("service-list"), {"search": "home visiting"}))
    assert found == {str(visiting.uuid)}
    orgs = ids_of(api.get(url("organization-list"), {"search": "home visiting"}))
    assert orgs == {str(mapping.organization_id(visiting))}


def test_taxonomy_term_filters_by_service_type_model_or_credential(api, rich_listing):
    other = ListingFactory(name="Other")
    CredentialFactory(listing=other, kind="pcit")
    home_visiting = rich_listing.service_types.get(slug="home-visiting")
    cpp = rich_listing.modalities.get()
    for term_id, expected in [
        (home_visiting.uuid, rich_listing),
        (cpp.uuid, rich_listing),
        (mapping.credential_term_id("pcit"), other),
        (mapping.credential_term_id("imhs"), rich_listing),
    ]:
        found = ids_of(api.get(url("service-list"), {"taxonomy_term_id": term_id}))
        assert found == {str(expected.uuid)}
    unknown = api.get(url("service-list"), {"taxonomy_term_id": uuid.uuid4()})
    assert ids_of(unknown) == set()


def test_taxonomy_filters_by_any_term_of_it(api, rich_listing):
    plain = ListingFactory(name="Plain")
    modalities = ids_of(
        api.get(url("service-list"), {"taxonomy_id": mapping.MODALITIES.id})
    )
    assert modalities == {str(rich_listing.uuid)}
    assert str(plain.uuid) not in modalities
    nothing = api.get(url("service-list"), {"taxonomy_id": uuid.uuid4()})
    assert ids_of(nothing) == set()


def test_organization_id_finds_its_service(api, rich_listing):
    ListingFactory(name="Other")
    org_id = mapping.organization_id(rich_listing)
    found = ids_of(api.get(url("service-list"), {"organization_id": org_id}))
    assert found == {str(rich_listing.uuid)}
    sites = api.get(url("service-at-location-list"), {"organization_id": org_id})
    assert len(ids_of(sites)) == 3


def test_filters_are_cumulative(api, rich_listing):
    term = rich_listing.service_types.get(slug="dyadic-therapy")
    other = ListingFactory(name="Other dyadic", service_types=[term])
    both = {"taxonomy_term_id": term.uuid}
    assert len(ids_of(api.get(url("service-list"), both))) == 2
    both["organization_id"] = mapping.organization_id(other)
    assert ids_of(api.get(url("service-list"), both)) == {str(other.uuid)}


def test_modified_after_is_inclusive_and_accepts_dates(api):
    old = ListingFactory(name="Old")
    new = ListingFactory(name="New")
    stamp = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))
    Listing.objects.filter(pk=old.pk).update(updated_at=stamp)
    Listing.objects.filter(pk=new.pk).update(updated_at=stamp + datetime.timedelta(1))
    for value, expected in [
        ("2026-01-10T12:00:00Z", {old, new}),
        ("2026-01-10T12:00:01+00:00", {new}),
        ("2026-01-11", {new}),
        ("2026-01-10T04:00:00-08:00", {old, new}),
        ("2026-02-01", set()),
    ]:
        found = ids_of(api.get(url("service-list"), {"modified_after": value}))
        assert found == {str(listing.uuid) for listing in expected}, value


# --- Near a postcode ------------------------------------------------------


@pytest.fixture
def around_seattle():
    return {
        "capitol_hill": listing_at(CAPITOL_HILL, name="Capitol Hill"),
        "bellevue": listing_at(BELLEVUE, name="Bellevue"),
        "tacoma": listing_at(TACOMA, name="Tacoma"),
        "portland": listing_at(PORTLAND, name="Portland"),
        "online_wa": ListingFactory(
            name="Online WA", delivery=["telehealth"], telehealth_regions=["US-WA"]
        ),
        "online_or": ListingFactory(
            name="Online OR", delivery=["telehealth"], telehealth_regions=["US-OR"]
        ),
    }


def services_near(api, **params) -> list[str]:
    response = api.get(url("service-at-location-list"), params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert_page(body, "compiled/service_at_location_list.json")
    return [item["service"]["name"] for item in body["contents"]]


def test_postcode_and_proximity_against_hand_checked_distances(api, around_seattle):
    # Telehealth serving Washington comes whatever the distance.
    assert services_near(api, postcode="98101", proximity=1600) == ["Online WA"]
    assert services_near(api, postcode="98101", proximity=1700) == [
        "Capitol Hill",
        "Online WA",
    ]
    assert services_near(api, postcode="98101", proximity=9700)[:2] == [
        "Capitol Hill",
        "Bellevue",
    ]
    # Tacoma is 40.77 km away: outside the default 40 km, inside 41 km.
    assert services_near(api, postcode="98101") == [
        "Capitol Hill",
        "Bellevue",
        "Online WA",
    ]
    assert services_near(api, postcode="98101", proximity=41000) == [
        "Capitol Hill",
        "Bellevue",
        "Tacoma",
        "Online WA",
    ]
    # Portland, 234.6 km away, is beyond the widest proximity allowed.
    assert "Portland" not in services_near(api, postcode="98101", proximity=160000)


def test_postcode_telehealth_follows_the_service_area(api, around_seattle):
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="97205",
        region="US-OR",
        latitude=45.5202,
        longitude=-122.6883,
    )
    near_portland = services_near(api, postcode="97205", proximity=5000)
    assert near_portland == ["Portland", "Online OR"]


def test_without_a_postcode_every_site_and_telehealth_is_listed(api, around_seattle):
    body = api.get(url("service-at-location-list"), {"per_page": 100}).json()
    assert body["total_items"] == 6
    kinds = [item["location"]["location_type"] for item in body["contents"]]
    assert kinds.count("virtual") == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"postcode": "99999"}, "postcode"),
        ({"postcode": "Seattle"}, "postcode"),
        ({"postcode": "98101", "proximity": "0"}, "proximity"),
        ({"postcode": "98101", "proximity": "160001"}, "proximity"),
        ({"postcode": "98101", "proximity": "far"}, "proximity"),
        ({"proximity": "1000"}, "proximity"),
    ],
)
def test_bad_postcode_or_proximity_answers_400(api, params, field):
    response = api.get(url("service-at-location-list"), params)
    assert response.status_code == 400
    assert field in response.json()


# --- Streaming ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("service-list", "compiled/service_list.json"),
        ("organization-list", "compiled/organization_list.json"),
        ("service-at-location-list", "compiled/service_at_location_list.json"),
        ("taxonomy-term-list", "taxonomy_term.json"),
    ],
)
def test_ndjson_streams_every_record_one_per_line(api, rich_listing, name, schema):
    for number in range(4):
        listing_at(CAPITOL_HILL, name=f"Clinic {number}")
    total = api.get(url(name), {"per_page": 1}).json()["total_items"]
    response = api.get(url(name), {"format": "ndjson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    body = b"".join(response.streaming_content).decode()
    assert body.endswith("\n")
    lines = body.splitlines()
    assert len(lines) == total
    records = [json.loads(line) for line in lines]
    assert len({record["id"] for record in records}) == total
    for record in records:
        assert_valid(record, schema)


def test_ndjson_applies_the_filters(api, around_seattle):
    response = api.get(
        url("service-at-location-list"),
        {"format": "ndjson", "postcode": "98101", "proximity": 1700},
    )
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["service"]["name"] for line in lines] == [
        "Capitol Hill",
        "Online WA",
    ]


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


def test_three_taxonomies_with_their_terms(api):
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


# --- HTTP behaviour -------------------------------------------------------


def test_unchanged_data_answers_304(api, rich_listing):
    first = api.get(url("service-list"))
    assert first["ETag"] and first["Last-Modified"]
    again = api.get(url("service-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Listing.objects.filter(pk=rich_listing.pk).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    changed = api.get(url("service-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_a_renamed_term_changes_the_etag(api, rich_listing):
    first = api.get(url("service-detail", rich_listing.uuid))
    term = rich_listing.service_types.first()
    term.name = "Renamed"
    term.save()
    again = api.get(url("service-detail", rich_listing.uuid))
    assert again["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("service-list", {}),
        ("service-list", {"full": "true"}),
        ("service-list", {"search": "clinic"}),
        ("organization-list", {}),
        ("organization-list", {"full": "true", "full_service": "true"}),
        ("service-at-location-list", {}),
        ("service-at-location-list", {"full": "true"}),
        ("service-at-location-list", {"postcode": "98101"}),
        ("service-at-location-list", {"taxonomy_term_id": "__term__"}),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    api, django_assert_max_num_queries, name, params
):
    term = ServiceTypeFactory(slug="dyadic-therapy")
    model = ModalityFactory(slug="cpp")
    for number in range(30):
        listing = listing_at(
            CAPITOL_HILL,
            name=f"Clinic {number}",
            delivery=["office", "telehealth"],
            telehealth_regions=["US-WA"],
            service_types=[term],
            modalities=[model],
        )
        LocationFactory(listing=listing)
        CredentialFactory(listing=listing)
    params = {
        key: (term.uuid if value == "__term__" else value)
        for key, value in params.items()
    }
    counts = []
    for per_page in (2, 50):
        cache.clear()  # the total would be counted once only
        with django_assert_max_num_queries(12) as captured:
            response = api.get(url(name), {**params, "per_page": per_page})
        assert response.status_code == 200
        body = response.json()
        assert body["size"] == min(per_page, body["total_items"])
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_total_is_counted_once_per_filter_and_data_version(api):
    for number in range(3):
        ListingFactory(name=f"Clinic {number}")
    with CaptureQueriesContext(connection) as first:
        body = api.get(url("service-list"), {"per_page": 1}).json()
    with CaptureQueriesContext(connection) as second:
        api.get(url("service-list"), {"per_page": 1, "page": 2})
    assert body["total_items"] == 3
    assert len(second) == len(first) - 1
    ListingFactory(name="One more")
    assert api.get(url("service-list"), {"per_page": 1}).json()["total_items"] == 4
    searched = api.get(url("service-list"), {"per_page": 1, "search": "clinic 1"})
    assert searched.json()["total_items"] == 1


# --- Hardening: minimal lists, plain text, the site's own address ------------


def test_minimal_services_are_ids_and_change_times_only(api, rich_listing):
    body = api.get(url("service-list"), {"minimal": "true"}).json()
    assert body["contents"]
    for item in body["contents"]:
        assert set(item) == {"id", "last_modified"}
    assert str(rich_listing.uuid) in {item["id"] for item in body["contents"]}


def test_minimal_pages_may_hold_many_more_services(api):
    minimal = api.get(url("service-list"), {"minimal": "1", "per_page": 1000})
    assert minimal.status_code == 200
    too_many = api.get(url("service-list"), {"per_page": 1000})
    assert too_many.status_code == 400
    assert "per_page" in too_many.json()


def test_minimal_and_full_together_is_a_400(api):
    response = api.get(url("service-list"), {"minimal": "true", "full": "true"})
    assert response.status_code == 400
    assert "minimal" in response.json()


def test_minimal_services_stream_as_ndjson(api, rich_listing):
    response = api.get(url("service-list"), {"minimal": "true", "format": "ndjson"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines
    assert all(set(json.loads(line)) == {"id", "last_modified"} for line in lines)


def test_descriptions_are_plain_text_not_markdown(api):
    listing = ListingFactory(
        kind=ListingKind.ORGANIZATION,
        bio="We see **babies** and [their parents](https://example.org).\n\n"
        "- home visits\n- <b>groups</b> & <script>x()</script>classes",
    )
    record = api.get(url("service-detail", listing.uuid)).json()
    for text in (record["description"], record["organization"]["description"]):
        assert "**" not in text and "[" not in text and "<" not in text
        assert "We see babies and their parents." in text
        assert "groups & classes" in text


def test_links_use_the_requests_own_address_when_no_site_url_is_set(
    api, settings, rich_listing
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["directory.example.org"]
    record = api.get(
        url("service-detail", rich_listing.uuid), HTTP_HOST="directory.example.org"
    ).json()
    assert record["organization"]["uri"].startswith("http://directory.example.org/")
    term_uris = [
        attribute["taxonomy_term"]["term_uri"] for attribute in record["attributes"]
    ]
    assert term_uris
    assert all(uri.startswith("http://directory.example.org/") for uri in term_uris)
    assert "127.0.0.1" not in json.dumps(record)


def test_the_configured_site_url_wins_over_the_request(api, settings, rich_listing):
    settings.SITE_URL = "https://portal.example.org"
    record = api.get(url("organization-detail", mapping.organization_id(rich_listing)))
    assert record.json()["uri"].startswith("https://portal.example.org/")
