"""The HSDS 3.0 API's lists: valid pages, paging, parameters, filters and
services near a postcode, checked against the official schemas."""

import datetime
import uuid

import pytest
from django.utils import timezone

from directory.hsds import mapping
from directory.models import Listing, PlaceKind
from tests.directory.hsds_api_helpers import ids_of, services_near, url
from tests.directory.hsds_helpers import assert_page
from tests.factories import CredentialFactory, ListingFactory, PlaceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]


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


def test_an_empty_list_is_a_valid_empty_page(api):
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


def test_pages_say_whether_they_are_first_middle_last_or_past_the_end(api):
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


def test_postcode_and_proximity_agree_with_hand_checked_distances(api, around_seattle):
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
