"""The printable handout: chosen items, the help lines and the date."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    FeaturedResourceFactory,
    HelpLineFactory,
    ListingFactory,
    ResourceFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_the_handout_holds_exactly_the_chosen_items_in_order(client):
    first = ResourceFactory(title="Chosen first", url="https://example.org/first")
    second = ResourceFactory(title="Chosen second")
    ResourceFactory(title="Not chosen")
    provider = ListingFactory(name="Chosen provider", phone="206-555-0100")
    HelpLineFactory(name="Maternal hotline", how_to_reach="Call or text 1-833-852-6262")
    response = client.get(
        reverse("guidance:handout"),
        {"resource": [second.slug, first.slug], "listing": [provider.slug]},
    )
    html = response.content.decode()
    assert [r.title for r in response.context["resources"]] == [
        "Chosen second",
        "Chosen first",
    ]
    assert "Not chosen" not in html
    assert "https://example.org/first" in html
    assert "Chosen provider" in html and "206-555-0100" in html
    assert "Maternal hotline" in html and "1-833-852-6262" in html
    assert timezone.localdate().strftime("%Y") in html


def test_unpublished_items_are_left_out_and_counted(client):
    draft = ResourceFactory(status="draft", title="Draft guide")
    hidden = ListingFactory(status="draft", published_at=None, name="Draft provider")
    response = client.get(
        reverse("guidance:handout"),
        {"resource": [draft.slug, "no-such-thing"], "listing": [hidden.slug]},
    )
    html = response.content.decode()
    assert "Draft guide" not in html and "Draft provider" not in html
    assert response.context["missing"] == 3
    assert "3 items you chose are no longer in the portal" in html


@pytest.mark.parametrize(
    "query",
    [
        {"resource": ["<script>alert(1)</script>"]},
        {"resource": [f"r-{n}" for n in range(31)]},
        {"title": "x" * 500},
    ],
)
def test_bad_choices_get_a_message_not_an_error(client, query):
    response = client.get(reverse("guidance:handout"), query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "<script>alert(1)" not in response.content.decode()


def test_role_pages_and_search_results_offer_items_for_the_handout(client):
    role = RoleFactory()
    resource = ResourceFactory(title="Pickable guide")
    FeaturedResourceFactory(role=role, resource=resource)
    listing = ListingFactory(name="Pickable provider")
    pages = [
        (role.get_absolute_url(), "resource", resource.slug),
        (reverse("resources:list"), "resource", resource.slug),
        (reverse("directory:list"), "listing", listing.slug),
    ]
    for url, name, slug in pages:
        html = client.get(url).content.decode()
        assert (
            f'<input type="checkbox" form="handout-form" name="{name}" value="{slug}"'
            in html
        ), url
        assert (
            f'<form id="handout-form" action="{reverse("guidance:handout")}"' in html
        ), url


def handout_titles(response) -> list[str]:
    return [row.title for row in response.context["resources"]] + [
        row.name for row in response.context["listings"]
    ]


def test_picks_made_on_different_pages_add_up_in_one_handout(client):
    ResourceFactory(slug="sleep", title="Sleep")
    ResourceFactory(slug="crying", title="Crying")
    ListingFactory(slug="harbor", name="Harbor Family Therapy")
    url = reverse("guidance:handout")
    client.get(url, {"resource": "sleep"})  # from the library
    client.get(url, {"listing": "harbor"})  # from the directory
    response = client.get(url, {"resource": ["crying", "sleep"]})  # a role page
    assert handout_titles(response) == ["Sleep", "Crying", "Harbor Family Therapy"]
    assert handout_titles(client.get(url)) == [
        "Sleep",
        "Crying",
        "Harbor Family Therapy",
    ]


def test_an_item_can_be_removed_and_the_handout_emptied(client):
    ResourceFactory(slug="sleep", title="Sleep")
    ResourceFactory(slug="crying", title="Crying")
    url = reverse("guidance:handout")
    client.get(url, {"resource": ["sleep", "crying"]})
    response = client.post(
        reverse("guidance:handout-remove"), {"kind": "resource", "slug": "sleep"}
    )
    assert response.status_code == 302
    assert handout_titles(client.get(url)) == ["Crying"]
    client.post(reverse("guidance:handout-clear"))
    assert handout_titles(client.get(url)) == []


def test_removing_needs_a_post_with_the_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(reverse("guidance:handout-remove")).status_code == 405
    response = strict.post(
        reverse("guidance:handout-remove"), {"kind": "resource", "slug": "x"}
    )
    assert response.status_code == 403


def test_a_tampered_basket_cookie_reads_as_empty(client):
    ResourceFactory(slug="sleep", title="Sleep")
    client.cookies["handout"] = '{"resource": ["sleep"]}'  # not signed by us
    assert handout_titles(client.get(reverse("guidance:handout"))) == []


def test_the_basket_holds_at_most_a_page_of_items(client):
    for number in range(30):
        ResourceFactory(slug=f"guide-{number}")
    ResourceFactory(slug="one-more", title="One more")
    url = reverse("guidance:handout")
    client.get(url, {"resource": [f"guide-{number}" for number in range(30)]})
    response = client.get(url, {"resource": "one-more"})
    assert len(handout_titles(response)) == 30
    assert "One more" not in handout_titles(response)
    assert "at most 30 items" in response.content.decode()


def test_the_basket_cookie_is_http_only_and_lax(client):
    ResourceFactory(slug="sleep")
    response = client.get(reverse("guidance:handout"), {"resource": "sleep"})
    cookie = response.cookies["handout"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
