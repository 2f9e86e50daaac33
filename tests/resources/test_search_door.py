"""One door into the library's search: the page and the API find the same
resources for the same words, misspellings included."""

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment_resources():
    return [
        ResourceFactory(title="Secure attachment for babies"),
        ResourceFactory(title="Attachment and bonding in the first year"),
        ResourceFactory(title="Sleep basics"),
    ]


def test_the_api_corrects_a_misspelt_query_as_the_page_does(
    client, attachment_resources
):
    page = client.get(reverse("resources:list"), {"q": "atachment"})
    api = client.get(reverse("api:resource-list"), {"q": "atachment"}).json()

    shown_on_page = {row.slug for row in page.context["results"].page}
    assert {row["slug"] for row in api["results"]} == shown_on_page
    assert shown_on_page == {r.slug for r in attachment_resources[:2]}
    assert page.context["results"].suggestion == "attachment"
    assert api["searched_for"] == "attachment"


def test_a_query_that_matches_needs_no_correction(client, attachment_resources):
    api = client.get(reverse("api:resource-list"), {"q": "attachment"}).json()
    assert api["count"] == 2
    assert api["searched_for"] is None


def test_the_directory_api_corrects_spelling_too(client):
    ListingFactory(name="Harbor Family Therapy")
    api = client.get(reverse("api:listing-list"), {"q": "harbr"}).json()
    assert [row["name"] for row in api["results"]] == ["Harbor Family Therapy"]
    assert api["searched_for"] == "harbor"
