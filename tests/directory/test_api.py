"""The directory API: public listings near a place, and a provider's own."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from directory import services
from directory.models import Listing, ListingStatus
from tests.factories import (
    ListingFactory,
    LocationFactory,
    PlaceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]

BODY = {
    "kind": "individual",
    "name": "Jordan Rivers",
    "service_types": ["dyadic-therapy"],
    "languages": ["en"],
    "delivery": ["office"],
    "accepting": "yes",
    "locations": [{"city": "Seattle", "region": "US-WA", "postal_code": "98101"}],
}
NOWHERE = [{"city": "Nowhere", "region": "US-WA", "postal_code": "99999"}]


def test_listings_near_a_zip_code_carry_their_distance(api):
    near = ListingFactory(name="Near")
    LocationFactory(listing=near, latitude=47.6253, longitude=-122.3222)
    far = ListingFactory(name="Far")
    LocationFactory(listing=far, latitude=45.5152, longitude=-122.6784)
    response = api.get(reverse("api:listing-list"), {"near": "98101", "radius": 25})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["name"] for item in results] == ["Near"]
    assert results[0]["distance_km"] == pytest.approx(1.67, abs=0.01)
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "99999"}, "near"),
        ({"near": "98101", "radius": "0"}, "radius"),
        ({"near": "98101", "radius": "10000"}, "radius"),
        ({"model": "no-such-model"}, "model"),
        ({"service": "nope"}, "service"),
        ({"page": "x"}, "page"),
    ],
)
def test_bad_parameters_answer_400_naming_them(api, params, field):
    response = api.get(reverse("api:listing-list"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_taxonomies_are_listed(api):
    response = api.get(reverse("api:service-type-list"))
    assert [item["slug"] for item in response.json()["results"]] == ["dyadic-therapy"]
    assert api.get(reverse("api:modality-list")).status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    for number in range(25):
        listing = ListingFactory(name=f"Clinic {number}")
        LocationFactory(listing=listing)
        listing.credentials.create(kind="imhs")
    with django_assert_max_num_queries(13):
        response = api.get(
            reverse("api:listing-list"), {"near": "98101", "page_size": 25}
        )
    assert len(response.json()["results"]) == 25


def test_a_provider_creates_submits_and_edits_through_the_api(api, provider):
    token = Token.objects.create(user=provider)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    created = api.post(reverse("api:my-listing-list"), BODY, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    submitted = api.post(reverse("api:my-listing-submit", args=[pk]))
    assert submitted.json()["status"] == "pending"
    listing = Listing.objects.get(pk=pk)
    listing.status = ListingStatus.PUBLISHED
    listing.published_at = listing.updated_at
    listing.confirmed_on = listing.accepting_updated_on
    listing.save()
    updated = api.put(
        reverse("api:my-listing-detail", args=[pk]),
        {**BODY, "name": "J. Rivers"},
        format="json",
    )
    assert updated.json()["status"] == "changes_pending"
    assert updated.json()["name"] == "Jordan Rivers"  # live version unchanged


def test_validation_errors_answer_400_with_field_names_and_store_nothing(api, provider):
    api.force_authenticate(provider)
    response = api.post(
        reverse("api:my-listing-list"),
        {**BODY, "locations": NOWHERE, "bio": "x" * 1_000_000},
        format="json",
    )
    assert response.status_code == 400
    assert "bio" in response.json()
    response = api.post(
        reverse("api:my-listing-list"),
        {**BODY, "locations": NOWHERE},
        format="json",
    )
    assert response.status_code == 400
    assert "postal_code" in response.json()["locations"][0]
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        [1, 2, 3],
        "a string",
        {**BODY, "locations": "Seattle"},
        {**BODY, "locations": [["Seattle"]]},
        {**BODY, "locations": [{"city": "Seattle"}]},
        {**BODY, "locations": [], "delivery": ["office"]},
        {**BODY, "locations": BODY["locations"] * 21},
        {**BODY, "model": "no-such-model", "modalities": ["no-such-model"]},
        {**BODY, "languages": ["tlh"]},
        {**BODY, "kind": {"nested": "object"}},
    ],
)
def test_malformed_bodies_answer_400_and_store_nothing(api, body, provider):
    api.force_authenticate(provider)
    response = api.post(reverse("api:my-listing-list"), body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()
    assert not Listing.objects.exists()


def test_a_listing_with_two_sites_is_found_near_either(api, provider, moderator):
    PlaceFactory(
        kind="postal_code",
        name="98402",
        region="US-WA",
        latitude=47.2529,
        longitude=-122.4443,
    )
    api.force_authenticate(provider)
    tacoma = {"city": "Tacoma", "region": "US-WA", "postal_code": "98402"}
    body = {**BODY, "locations": [*BODY["locations"], tacoma]}
    created = api.post(reverse("api:my-listing-list"), body, format="json").json()
    assert [site["city"] for site in created["locations"]] == ["Seattle", "Tacoma"]
    listing = Listing.objects.get()
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    for place, distance in [("98101", 0.0), ("98402", 0.0)]:
        results = api.get(
            reverse("api:listing-list"), {"near": place, "radius": 5}
        ).json()["results"]
        assert [item["distance_km"] for item in results] == [distance]


def test_another_providers_listing_is_not_found_through_the_api(
    api, provider, other_provider
):
    theirs = ListingFactory(owner=other_provider, status="draft", published_at=None)
    api.force_authenticate(provider)
    for method, url in [
        ("get", reverse("api:my-listing-detail", args=[theirs.pk])),
        ("put", reverse("api:my-listing-detail", args=[theirs.pk])),
        ("post", reverse("api:my-listing-submit", args=[theirs.pk])),
        ("post", reverse("api:my-listing-withdraw", args=[theirs.pk])),
    ]:
        assert getattr(api, method)(url, BODY, format="json").status_code == 404


def test_own_listings_need_authentication(api):
    assert api.get(reverse("api:my-listing-list")).status_code in {401, 403}
    assert api.patch(reverse("api:my-listing-list")).status_code in {401, 403, 405}
