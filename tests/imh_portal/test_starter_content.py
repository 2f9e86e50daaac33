"""The curated starter content: complete, valid and safe to load twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from imh_portal.models import Concept, HelpLine
from resources.models import Collection, Resource, Topic
from roles.models import Role

pytestmark = pytest.mark.django_db


def test_all_thirteen_roles_are_loaded_in_order(starter_content):
    assert list(Role.objects.in_order().values_list("slug", flat=True)) == [
        "parents-caregivers",
        "family-members",
        "community-members",
        "early-childhood-educators",
        "healthcare-providers",
        "social-workers-therapists",
        "infant-mental-health-specialists",
        "policy-makers",
        "child-care-providers",
        "home-visitors",
        "nonprofits-advocacy",
        "community-leaders",
        "employers",
    ]
    assert all(role.summary and role.i_am for role in Role.objects.all())


def test_every_role_page_is_complete(starter_content, client):
    roles = Role.objects.published()
    assert roles.count() == 13
    for role in roles:
        response = client.get(role.get_absolute_url())
        assert response.status_code == 200, role.slug
        assert len(response.context["guidance"].actions) >= 4, role.slug
        assert len(role.featured_resources.published()) >= 4, role.slug
        assert role.provider_types.exists(), role.slug
        assert role.why_it_matters and role.last_reviewed_on, role.slug
        assert role.related_roles.exists(), role.slug


def test_spanish_resources_come_with_spanish_text(starter_content):
    spanish_first = [
        resource
        for resource in Resource.objects.published()
        if resource.languages[:1] == ["es"]
    ]
    assert len(spanish_first) >= 8
    assert any("bebé" in resource.summary for resource in spanish_first)


def test_at_least_sixty_real_resources_are_published_with_their_facets(starter_content):
    resources = Resource.objects.published()
    assert resources.count() >= 60
    assert Topic.objects.count() >= 15
    for resource in resources:
        assert resource.topic_ids and resource.audience_ids, resource.slug
        assert resource.summary and resource.last_reviewed_on, resource.slug
        resource.full_clean()


def test_spanish_language_resources_are_included(starter_content):
    assert Resource.objects.published().filter(languages__contains=["es"]).count() >= 5


def test_the_field_s_key_programs_and_lines_are_in_the_library(starter_content):
    titles = " ".join(
        f"{title} {summary}"
        for title, summary in Resource.objects.values_list("title", "summary")
    ).lower()
    for name in [
        "circle of security",
        "nurse-family partnership",
        "child first",
        "promoting first relationships",
        "fussy baby",
        "child-parent psychotherapy",
        "pcit",
        "zero to three",
        "988",
        "maternal mental health hotline",
    ]:
        assert name in titles, name


def test_at_least_four_collections_with_ordered_items_are_published(starter_content):
    collections = Collection.objects.published().with_visible_items()
    assert collections.count() >= 4
    for collection in collections:
        assert len(collection.visible_items) >= 4, collection.slug
    assert Collection.objects.featured().exists()


def test_the_help_lines_start_with_988_and_include_the_maternal_hotline(
    starter_content,
):
    lines = HelpLine.for_display()
    assert lines[0].phone == "988"
    assert any(line.phone == "18338526262" for line in lines)
    assert any(line.phone == "18009444773" for line in lines)
    assert any(line.phone == "911" for line in lines)


def snapshot() -> dict[str, list]:
    return {
        "resources": list(
            Resource.objects.order_by("pk").values_list("pk", "updated_at")
        ),
        "collections": list(
            Collection.objects.order_by("pk").values_list("pk", "updated_at")
        ),
        "roles": list(Role.objects.order_by("pk").values()),
        "lines": list(HelpLine.objects.order_by("pk").values()),
        "concepts": list(Concept.objects.order_by("pk").values()),
    }


def test_loading_twice_changes_nothing(starter_content):
    before = snapshot()
    call_command("load_starter_content", stdout=StringIO())
    assert snapshot() == before


def test_the_search_finds_starter_content_by_abbreviation_and_typo(
    starter_content, client
):
    response = client.get(reverse("resources:list"), {"q": "PCIT"})
    assert response.context["results"].total > 0
    assert all(
        "PCIT" in resource.title for resource in response.context["results"].page
    )
    response = client.get(reverse("resources:list"), {"q": "atachment"})
    assert response.context["results"].total > 0


def test_the_search_vocabulary_maps_families_words_in_both_languages(
    starter_content,
):
    concepts = list(Concept.objects.all())
    mappings = sum(len(concept.terms) for concept in concepts)
    assert len(concepts) >= 150
    assert mappings >= 150
    assert all(concept.terms_en and concept.terms_es for concept in concepts)
    crisis_terms = {
        term for concept in concepts if concept.is_crisis for term in concept.terms
    }
    assert {"suicide", "want to die", "no puedo más"} <= crisis_terms


@pytest.mark.parametrize(
    ("spanish", "topic"),
    [
        ("sueño", "sleep"),
        ("alimentación", "feeding"),
        ("apego", "attachment-bonding"),
        ("juego", "play"),
    ],
)
def test_topic_names_are_searchable_in_spanish(starter_content, client, spanish, topic):
    found = client.get(reverse("api:resource-list"), {"q": spanish}).json()
    top_five = [set(row["topics"]) for row in found["results"][:5]]
    assert sum(topic in topics for topics in top_five) >= 2, spanish
