"""The read-only library API under /api/v1/."""

import pytest
from django.urls import reverse

from resources.models import Resource
from tests.factories import (
    CollectionFactory,
    CollectionItemFactory,
    ResourceFactory,
    RoleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def api_list(client, name: str, **params):
    return client.get(reverse(f"api:{name}-list"), params)


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def resources():
    sleep = TopicFactory(slug="sleep", name="Sleep")
    parents = RoleFactory(slug="parents-caregivers", name="Parents")
    ResourceFactory(
        slug="sleep-book",
        title="Sleep book",
        kind=Resource.Kind.BOOK,
        topics=[sleep],
        audiences=[parents],
        languages=["en", "es"],
    )
    ResourceFactory(slug="play-guide", title="Play guide", kind=Resource.Kind.GUIDE)
    ResourceFactory(slug="draft-one", title="Sleep draft", status=Resource.Status.DRAFT)
    ResourceFactory(
        slug="archived-one", title="Sleep old", status=Resource.Status.ARCHIVED
    )


def test_the_list_shows_published_resources_with_a_count(client, resources):
    response = api_list(client, "resource")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert sorted(slugs(response)) == ["play-guide", "sleep-book"]


def test_a_resource_carries_its_facets_as_slugs_and_codes(client, resources):
    response = client.get(reverse("api:resource-detail", args=["sleep-book"]))
    assert response.status_code == 200
    body = response.json()
    assert body["topics"] == ["sleep"]
    assert body["audiences"] == ["parents-caregivers"]
    assert body["languages"] == ["en", "es"]
    assert body["web_url"] == "http://testserver/resources/sleep-book/"


@pytest.mark.parametrize("slug", ["draft-one", "archived-one", "no-such-thing"])
def test_unpublished_or_unknown_resources_are_not_found(client, resources, slug):
    response = client.get(reverse("api:resource-detail", args=[slug]))
    assert response.status_code == 404


def test_every_facet_is_a_query_parameter(client, resources):
    assert slugs(api_list(client, "resource", kind="book")) == ["sleep-book"]
    assert slugs(api_list(client, "resource", topic="sleep")) == ["sleep-book"]
    assert slugs(api_list(client, "resource", language="es")) == ["sleep-book"]
    assert slugs(
        api_list(client, "resource", audience="parents-caregivers", cost="free")
    ) == ["sleep-book"]


def test_q_searches_published_resources_only(client, resources):
    assert slugs(api_list(client, "resource", q="sleep")) == ["sleep-book"]


def test_results_can_be_sorted(client, resources):
    assert slugs(api_list(client, "resource", sort="title")) == [
        "play-guide",
        "sleep-book",
    ]


def test_an_unknown_filter_value_answers_400_naming_the_field(client, resources):
    response = api_list(client, "resource", kind="spaceship", topic="nope")
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "topic"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-3"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 10_000}, "q"),
    ],
)
def test_malformed_parameters_answer_400_naming_the_field(
    client, resources, params, field
):
    response = api_list(client, "resource", **params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_page_past_the_end_is_not_found(client, resources):
    assert api_list(client, "resource", page="99").status_code == 404


@pytest.mark.parametrize("text", ["!!!", '"', "-", "or", "a -b"])
def test_punctuation_only_queries_are_handled(client, resources, text):
    assert api_list(client, "resource", q=text).status_code == 200


def test_page_size_is_honoured(client, resources):
    response = api_list(client, "resource", page_size="1")
    assert len(response.json()["results"]) == 1
    assert response.json()["next"] is not None


@pytest.mark.parametrize("page_size", [1, 25])
def test_the_list_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, page_size
):
    topics = [TopicFactory(), TopicFactory()]
    roles = [RoleFactory(), RoleFactory()]
    for _ in range(30):
        ResourceFactory(title="Baby sleep", topics=topics, audiences=roles)
    # Choices (topics, roles), stamp and regions, reading the text (vocabulary,
    # words, text queries; kept afterwards), a count in the sample and a capped
    # count, the page's ids, its rows and two prefetches.
    with django_assert_max_num_queries(12):
        response = api_list(client, "resource", q="sleep", page_size=page_size)
    assert len(response.json()["results"]) == page_size


def test_topics_and_roles_are_listed_in_order(client):
    TopicFactory(slug="sleep", name="Sleep", position=2)
    TopicFactory(slug="play", name="Play", position=1)
    RoleFactory(slug="employers", name="Employers", position=13)
    RoleFactory(slug="parents-caregivers", name="Parents", position=1)
    assert slugs(api_list(client, "topic")) == ["play", "sleep"]
    assert slugs(api_list(client, "role")) == ["parents-caregivers", "employers"]
    role = client.get(reverse("api:role-detail", args=["employers"])).json()
    assert role["name"] == "Employers"


def test_collections_list_only_published_items_in_order(client):
    collection = CollectionFactory(slug="new-parents")
    CollectionItemFactory(
        collection=collection, position=2, resource=ResourceFactory(slug="second")
    )
    CollectionItemFactory(
        collection=collection, position=1, resource=ResourceFactory(slug="first")
    )
    CollectionItemFactory(
        collection=collection,
        position=0,
        resource=ResourceFactory(slug="hidden", status=Resource.Status.DRAFT),
    )
    CollectionFactory(slug="unpublished", status="draft")
    response = api_list(client, "collection")
    assert slugs(response) == ["new-parents"]
    items = response.json()["results"][0]["items"]
    assert [item["resource"]["slug"] for item in items] == ["first", "second"]
    assert (
        client.get(reverse("api:collection-detail", args=["unpublished"])).status_code
        == 404
    )


def test_the_api_is_read_only(client, resources):
    url = reverse("api:resource-list")
    assert client.post(url, {"title": "x"}).status_code == 405
    detail = reverse("api:resource-detail", args=["sleep-book"])
    assert client.delete(detail).status_code == 405


def test_a_book_s_authors_year_and_isbn_are_in_its_record(client):
    ResourceFactory(
        kind="book",
        slug="raising-a-secure-child",
        authors="Kent Hoffman, Glen Cooper, Bert Powell",
        published_year=2017,
        isbn="9781462527632",
    )
    record = client.get(
        reverse("api:resource-detail", args=["raising-a-secure-child"])
    ).json()
    assert (record["authors"], record["published_year"], record["isbn"]) == (
        "Kent Hoffman, Glen Cooper, Bert Powell",
        2017,
        "9781462527632",
    )
