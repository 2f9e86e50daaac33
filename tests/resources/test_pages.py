"""Home, resource detail, collections, and the help-now block on every page."""

import pytest
from django.urls import reverse

from resources.models import Resource
from tests.factories import (
    CollectionFactory,
    CollectionItemFactory,
    HelpLineFactory,
    ResourceFactory,
    RoleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_lines():
    return [
        HelpLineFactory(
            name="988 Suicide & Crisis Lifeline",
            how_to_reach="Call or text 988",
            phone="988",
            text_number="988",
        ),
        HelpLineFactory(
            name="Retired line", how_to_reach="Call 000", phone="000", is_active=False
        ),
    ]


@pytest.fixture
def published():
    resource = ResourceFactory(slug="sleep-guide", title="Sleep guide")
    collection = CollectionFactory(slug="new-parents", title="New parents")
    CollectionItemFactory(collection=collection, resource=resource)
    return resource


def every_public_page() -> list[str]:
    return [
        reverse("home"),
        reverse("resources:list"),
        reverse("resources:list") + "?q=sleep",
        reverse("resources:list") + "?q=zzzzqqq",
        reverse("resources:detail", args=["sleep-guide"]),
        reverse("resources:collections"),
        reverse("resources:collection", args=["new-parents"]),
        reverse("resources:suggest"),
        reverse("resources:suggest-thanks"),
        reverse("about"),
        "/no-such-page/",
    ]


@pytest.mark.parametrize("url", every_public_page())
def test_every_page_carries_the_help_now_block(client, help_lines, published, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    html = response.content.decode()
    assert "Need help now?" in html
    assert '<a href="tel:988">Call or text 988</a>' in html
    assert "not a crisis service" in html
    assert "Retired line" not in html


@pytest.mark.parametrize("url", every_public_page())
def test_every_page_has_a_skip_link_and_one_main_landmark(client, published, url):
    html = client.get(url).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert html.count("<main") == 1
    assert '<main id="main"' in html


def test_help_lines_edited_by_an_admin_show_at_once(client, help_lines):
    client.get(reverse("home"))  # caches the lines
    line = help_lines[0]
    line.how_to_reach = "Call, text or chat 988"
    line.save()
    assert "Call, text or chat 988" in client.get(reverse("home")).content.decode()


def test_the_home_page_offers_search_roles_and_featured_collections(client):
    RoleFactory(slug="home-visitors", i_am="a home visitor")
    RoleFactory(slug="employers", i_am="an employer", status="draft")
    CollectionFactory(title="For home visitors", is_featured=True)
    CollectionFactory(title="Hidden draft", is_featured=True, status="draft")
    CollectionFactory(title="Not featured")
    html = client.get(reverse("home")).content.decode()
    assert 'role="search"' in html
    assert "a home visitor" in html
    assert 'href="/for/home-visitors/"' in html  # a role with a guidance page
    assert "?audience=employers" in html  # one without: its resources
    assert "For home visitors" in html
    assert "Hidden draft" not in html
    assert "Not featured" not in html


def test_the_detail_page_says_what_it_is_who_it_is_for_and_when_reviewed(client):
    resource = ResourceFactory(
        title="Fussy Baby Network",
        kind=Resource.Kind.SERVICE,
        audiences=[RoleFactory(name="Parents and caregivers")],
        age_bands=["0-12m"],
        languages=["en", "es"],
        region="US-IL",
        last_reviewed_on="2026-10-15",
        description="Call the **warmline** for help.\n\n<script>alert(1)</script>",
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Support service" in html
    assert "Parents and caregivers" in html
    assert "0–12 months" in html
    assert "English, Spanish" in html
    assert "Illinois, US" in html
    assert '<time datetime="2026-10-15">15 October 2026</time>' in html
    assert "<strong>warmline</strong>" in html
    assert "<script>alert(1)</script>" not in html


def test_the_detail_page_lists_related_published_resources(client):
    sleep = TopicFactory()
    resource = ResourceFactory(topics=[sleep])
    ResourceFactory(title="Related one", topics=[sleep])
    ResourceFactory(title="Related draft", topics=[sleep], status="draft")
    ResourceFactory(title="Unrelated")
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Related one" in html
    assert "Related draft" not in html
    assert "Unrelated" not in html


def test_a_resource_page_reads_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    topics = TopicFactory.create_batch(3)
    resource = ResourceFactory(topics=topics, audiences=RoleFactory.create_batch(2))
    for _ in range(4):
        ResourceFactory(topics=topics)
    CollectionItemFactory(
        collection=CollectionFactory(status="published"), resource=resource
    )
    # The resource, its audiences, review, topics and collections, the related
    # resources and their topics: each read once.
    with django_assert_max_num_queries(7):
        response = client.get(resource.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_unpublished_resources_have_no_page(client, status):
    resource = ResourceFactory(status=status)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_a_collection_shows_its_published_items_in_order_with_notes(client):
    collection = CollectionFactory(title="Starting out")
    CollectionItemFactory(
        collection=collection,
        position=2,
        note="Second note",
        resource=ResourceFactory(title="Second"),
    )
    CollectionItemFactory(
        collection=collection,
        position=1,
        note="First note",
        resource=ResourceFactory(title="First"),
    )
    CollectionItemFactory(
        collection=collection, resource=ResourceFactory(title="Draft", status="draft")
    )
    html = client.get(collection.get_absolute_url()).content.decode()
    assert html.index("First") < html.index("Second")
    assert "First note" in html
    assert "Draft" not in html


def test_draft_collections_have_no_page_and_are_not_listed(client):
    collection = CollectionFactory(title="Work in progress", status="draft")
    assert client.get(collection.get_absolute_url()).status_code == 404
    html = client.get(reverse("resources:collections")).content.decode()
    assert "Work in progress" not in html


def test_public_pages_answer_only_get(client, published):
    assert client.post(reverse("resources:list")).status_code == 405
    assert client.post(published.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("url", every_public_page())
def test_every_page_shows_providers_the_door_to_list_their_practice(
    client, published, url
):
    html = client.get(url).content.decode()
    door = html[html.index('class="provider-door"') :]
    assert f'href="{reverse("accounts:sign-up")}"' in door
    assert (
        f'href="{reverse("accounts:login")}?next={reverse("directory:mine")}"' in door
    )
    assert "List your practice" in door


def test_a_signed_in_provider_finds_their_listings_from_any_page(provider_client):
    html = provider_client.get(reverse("home")).content.decode()
    door = html[html.index('class="provider-door"') :]
    assert f'href="{reverse("directory:mine")}"' in door
    assert f'href="{reverse("directory:create")}"' in door
