"""Curators at work in the Django admin."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from resources.models import Resource, ResourceSuggestion
from tests.factories import (
    CollectionFactory,
    ResourceFactory,
    SuggestionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def run_action(client, model: str, action: str, objects) -> None:
    response = client.post(
        reverse(f"admin:resources_{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_the_curators_group_has_exactly_the_library_permissions():
    codenames = set(
        Group.objects.get(name="Curators").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"change_resource", "add_collection", "change_resourcesuggestion"} <= (
        codenames
    )
    assert "delete_resource" not in codenames
    assert "change_user" not in codenames
    assert "change_helpline" not in codenames


def test_a_curator_can_open_the_library_in_the_admin(curator_client):
    for name in ["resource", "topic", "collection", "resourcesuggestion"]:
        response = curator_client.get(reverse(f"admin:resources_{name}_changelist"))
        assert response.status_code == 200, name


def test_a_curator_cannot_manage_accounts(curator_client):
    response = curator_client.get(reverse("admin:imh_portal_user_changelist"))
    assert response.status_code == 403


def test_someone_without_staff_access_is_sent_to_the_login(provider_client):
    response = provider_client.get(reverse("admin:resources_resource_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_curators_search_and_filter_the_resource_list(curator_client):
    ResourceFactory(title="Sleep guide", status="draft")
    ResourceFactory(title="Play guide")
    url = reverse("admin:resources_resource_changelist")
    html = curator_client.get(url, {"q": "sleep"}).content.decode()
    assert "Sleep guide" in html and "Play guide" not in html
    html = curator_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Sleep guide" in html and "Play guide" not in html


def test_the_publish_action_publishes_and_dates_the_selection(curator_client):
    drafts = [ResourceFactory(status="draft", published_at=None) for _ in range(2)]
    untouched = ResourceFactory(status="draft", published_at=None)
    run_action(curator_client, "resource", "publish", drafts)
    for resource in drafts:
        resource.refresh_from_db()
        assert resource.status == Resource.Status.PUBLISHED
        assert resource.published_at is not None
    untouched.refresh_from_db()
    assert untouched.status == Resource.Status.DRAFT


def test_republishing_keeps_the_first_publication_date(curator_client):
    first = timezone.now() - datetime.timedelta(days=400)
    resource = ResourceFactory(status="archived", published_at=first)
    run_action(curator_client, "resource", "publish", [resource])
    resource.refresh_from_db()
    assert resource.published_at == first


def test_the_archive_action_takes_resources_off_the_site(visitor, curator_client):
    resource = ResourceFactory()
    run_action(curator_client, "resource", "archive", [resource])
    resource.refresh_from_db()
    assert resource.status == Resource.Status.ARCHIVED
    assert visitor.get(resource.get_absolute_url()).status_code == 404


def test_the_reviewed_today_action_stamps_the_review_date(curator_client):
    resource = ResourceFactory(last_reviewed_on=datetime.date(2024, 1, 1))
    run_action(curator_client, "resource", "mark_reviewed_today", [resource])
    resource.refresh_from_db()
    assert resource.last_reviewed_on == timezone.localdate()


def test_an_admin_action_shows_at_once_in_search_results(visitor, curator_client):
    resource = ResourceFactory(title="Sleep guide")
    assert (
        visitor.get(reverse("resources:list"), {"q": "sleep"}).context["results"].total
        == 1
    )
    run_action(curator_client, "resource", "archive", [resource])
    assert (
        visitor.get(reverse("resources:list"), {"q": "sleep"}).context["results"].total
        == 0
    )


# The resource form's inlines (reviews, visitors' reports), left empty.
NO_INLINE_ROWS = {
    f"{prefix}-{field}": "0"
    for prefix in ["reviews", "reports"]
    for field in ["TOTAL_FORMS", "INITIAL_FORMS"]
}


def test_a_curator_adds_a_resource_through_the_form(curator_client):
    topic = TopicFactory()
    response = curator_client.post(
        reverse("admin:resources_resource_add"),
        {
            "title": "Crying and colic",
            "slug": "crying-and-colic",
            "kind": "guide",
            "url": "https://example.org/crying",
            "publisher": "Example",
            "status": "published",
            "summary": "Why babies cry and what can help.",
            "description": "",
            "topics": [topic.pk],
            "age_bands": ["0-12m"],
            "languages": ["en", "es"],
            "cost": "free",
            "region": "US-WA",
            **NO_INLINE_ROWS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(slug="crying-and-colic")
    assert resource.topic_ids == [topic.pk]
    assert resource.published_at is not None


def test_the_admin_form_refuses_an_invalid_region(curator_client):
    response = curator_client.post(
        reverse("admin:resources_resource_add"),
        {
            "title": "Somewhere",
            "slug": "somewhere",
            "kind": "guide",
            "url": "https://example.org/",
            "status": "draft",
            "summary": "x",
            "languages": ["en"],
            "cost": "free",
            "region": "XX-ZZZ",
            **NO_INLINE_ROWS,
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Resource.objects.filter(slug="somewhere").exists()


def test_accepting_a_suggestion_creates_a_draft_never_a_published_resource(
    curator, curator_client
):
    suggestion = SuggestionFactory(title="Toddler tantrums", kind="video")
    run_action(curator_client, "resourcesuggestion", "accept", [suggestion])
    suggestion.refresh_from_db()
    assert suggestion.status == ResourceSuggestion.Status.ACCEPTED
    assert suggestion.reviewed_by == curator
    assert suggestion.resource.status == Resource.Status.DRAFT
    assert suggestion.resource.kind == "video"
    assert suggestion.resource.title == "Toddler tantrums"


def test_declining_a_suggestion_closes_it_without_a_resource(curator_client):
    suggestion = SuggestionFactory()
    run_action(curator_client, "resourcesuggestion", "decline", [suggestion])
    suggestion.refresh_from_db()
    assert suggestion.status == ResourceSuggestion.Status.DECLINED
    assert suggestion.resource is None
    assert Resource.objects.count() == 0


def test_handled_suggestions_are_not_accepted_twice(curator_client):
    suggestion = SuggestionFactory(title="Once only")
    run_action(curator_client, "resourcesuggestion", "accept", [suggestion])
    run_action(curator_client, "resourcesuggestion", "accept", [suggestion])
    assert Resource.objects.filter(title="Once only").count() == 1


def test_collections_are_edited_with_ordered_items_inline(curator_client):
    collection = CollectionFactory()
    first, second = ResourceFactory(), ResourceFactory()
    prefix = "items"
    response = curator_client.post(
        reverse("admin:resources_collection_change", args=[collection.pk]),
        {
            "title_en": collection.title,
            "title_es": "Para empezar",
            "slug": collection.slug,
            "introduction_en": "Intro",
            "introduction_es": "Introducción",
            "status": "published",
            "position": 0,
            f"{prefix}-TOTAL_FORMS": 2,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-position": 2,
            f"{prefix}-0-resource": first.pk,
            f"{prefix}-0-note_en": "Second",
            f"{prefix}-1-position": 1,
            f"{prefix}-1-resource": second.pk,
            f"{prefix}-1-note_en": "First",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    notes = list(collection.items.order_by("position").values_list("note", flat=True))
    assert notes == ["First", "Second"]
    collection.refresh_from_db()
    assert collection.title_es == "Para empezar"


def test_curators_see_their_queues_on_the_admin_front_page(curator_client):
    SuggestionFactory()
    ResourceFactory(status=Resource.Status.IN_REVIEW)
    response = curator_client.get(reverse("admin:index"))
    queues = {queue.label: queue.count for queue in response.context["curation"]}
    assert queues["Suggestions from visitors"] == 1
    assert queues["Resources in review"] == 1
    assert queues["Searches that found nothing or only part"] == 0
    assert not response.context["moderation"]  # listings are not theirs
