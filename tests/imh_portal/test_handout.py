"""The printable handout: chosen items, the help lines and the date."""

import pytest
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
