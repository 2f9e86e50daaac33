"""Visitors suggest resources; suggestions wait for a curator."""

import pytest
from django.test import Client
from django.urls import reverse

from resources.models import Resource, ResourceSuggestion
from tests.factories import SUGGESTION_FORM

pytestmark = pytest.mark.django_db


def suggest(client, **changes):
    return client.post(reverse("resources:suggest"), {**SUGGESTION_FORM, **changes})


def test_a_suggestion_waits_in_the_queue_and_publishes_nothing(client):
    response = suggest(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:suggest-thanks")
    suggestion = ResourceSuggestion.objects.get()
    assert suggestion.status == ResourceSuggestion.Status.NEW
    assert suggestion.title == "Baby sleep basics"
    assert Resource.objects.count() == 0


def test_curators_are_emailed_about_a_new_suggestion(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = ["curators@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["curators@example.org"]
    assert "Baby sleep basics" in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.org/file"}, "url"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"why": "short"}, "why"),
        ({"why": "x" * 2001}, "why"),
        ({"submitter_email": "not-an-email"}, "submitter_email"),
        ({"kind": "spaceship"}, "kind"),
    ],
)
def test_invalid_suggestions_re_render_with_errors_and_store_nothing(
    client, changes, field
):
    response = suggest(client, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Please check the form" in response.content.decode()
    assert ResourceSuggestion.objects.count() == 0


def test_a_url_without_a_scheme_is_taken_as_https(client):
    suggest(client, url="example.org/sleep")
    assert ResourceSuggestion.objects.get().url == "https://example.org/sleep"


def test_html_in_a_suggestion_is_stored_as_text_and_escaped_on_output(client):
    response = suggest(client, title="<script>alert(1)</script>", url="bad")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_filled_in_trap_field_pretends_success_and_stores_nothing(client):
    response = suggest(client, website="http://spam.example")
    assert response.status_code == 302
    assert ResourceSuggestion.objects.count() == 0


def test_suggestions_are_rate_limited_per_client(client, settings):
    settings.SUGGESTION_RATE_LIMIT = "2/h"
    assert suggest(client).status_code == 302
    assert suggest(client).status_code == 302
    response = suggest(client)
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert ResourceSuggestion.objects.count() == 2


def test_another_client_is_not_limited_by_the_first(client, settings):
    settings.SUGGESTION_RATE_LIMIT = "1/h"
    suggest(client)
    response = client.post(
        reverse("resources:suggest"), SUGGESTION_FORM, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    assert ResourceSuggestion.objects.count() == 2


def test_the_form_needs_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("resources:suggest"), SUGGESTION_FORM).status_code == 403
    assert ResourceSuggestion.objects.count() == 0


def test_every_field_of_the_form_has_a_label(client):
    html = client.get(reverse("resources:suggest")).content.decode()
    for name in ["title", "url", "kind", "why", "submitter_name", "submitter_email"]:
        assert f'<label for="id_{name}">' in html
