"""Keeping the library true: "Checked" dates, reviews due at 12 months and
hidden at 24, visitors' reports, broken links and the curators' queue."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resources.models import Resource, ResourceReport, ResourceReview, months_before
from tests.factories import ResourceFactory
from tests.pages import reverse_in

pytestmark = pytest.mark.django_db


def months_ago(months: int, *, days: int = 0) -> datetime.date:
    return months_before(timezone.localdate(), months) - datetime.timedelta(days=days)


def search_slugs(client, text="") -> list[str]:
    response = client.get(reverse("resources:list"), {"q": text} if text else {})
    return [row.slug for row in response.context["results"].page]


# -- freshness -------------------------------------------------------------


def test_months_before_keeps_the_day_or_takes_the_month_s_last():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2028, 2, 29), 24) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)


def test_a_resource_unreviewed_for_twelve_months_is_due_but_still_listed(client):
    due = ResourceFactory(title="Sleep guide", last_reviewed_on=months_ago(12, days=1))
    fresh = ResourceFactory(title="Sleep tips", last_reviewed_on=months_ago(11))
    assert list(Resource.objects.review_due()) == [due]
    assert set(search_slugs(client, "sleep")) == {due.slug, fresh.slug}


def test_a_resource_unreviewed_for_24_months_leaves_lists_search_and_the_api(client):
    hidden = ResourceFactory(
        title="Sleep guide", last_reviewed_on=months_ago(24, days=1)
    )
    shown = ResourceFactory(title="Sleep tips", last_reviewed_on=months_ago(23))
    assert search_slugs(client, "sleep") == [shown.slug]
    assert search_slugs(client) == [shown.slug]
    api = client.get(reverse("api:resource-list")).json()
    assert [row["slug"] for row in api["results"]] == [shown.slug]
    assert hidden in Resource.objects.review_due()


def test_a_never_reviewed_resource_ages_from_its_publication(client):
    old = ResourceFactory(
        title="Sleep guide",
        last_reviewed_on=None,
        published_at=timezone.now() - datetime.timedelta(days=800),
    )
    assert search_slugs(client) == []
    assert old in Resource.objects.review_due()


def test_an_overdue_page_stays_reachable_and_says_it_is_no_longer_listed(client):
    hidden = ResourceFactory(last_reviewed_on=months_ago(25))
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "no longer listed" in response.content.decode()


def test_a_new_review_brings_a_hidden_resource_back(client, curator):
    hidden = ResourceFactory(title="Sleep guide", last_reviewed_on=months_ago(30))
    admin = Client()
    admin.force_login(curator)
    admin.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "mark_reviewed_today", "_selected_action": [hidden.pk]},
    )
    hidden.refresh_from_db()
    assert hidden.last_reviewed_on == timezone.localdate()
    review = ResourceReview.objects.get(resource=hidden)
    assert review.reviewed_by_user == curator
    assert review.reviewer  # a name or, failing that, the role
    assert search_slugs(client, "sleep") == [hidden.slug]


# -- what visitors see ---------------------------------------------------------


def test_cards_and_pages_show_the_month_the_resource_was_checked(client):
    resource = ResourceFactory(
        title="Sleep guide", last_reviewed_on=datetime.date(2026, 11, 20)
    )
    ResourceReview.objects.create(
        resource=resource, reviewed_on=resource.last_reviewed_on, reviewer="Ana Ruiz"
    )
    listing = client.get(reverse("resources:list")).content.decode()
    assert 'Checked <time datetime="2026-11-20">November 2026</time>' in listing
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "by Ana Ruiz" in page
    spanish = client.get(reverse_in("es", "resources:list")).content.decode()
    assert "noviembre de 2026" in spanish


def test_a_broken_link_shows_a_notice_and_ranks_last(client):
    # The broken one is the closer match and the newer: only its link puts it last.
    working = ResourceFactory(
        title="Sleep, and many other things about your baby",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    broken = ResourceFactory(
        title="Baby sleep",
        link_status=Resource.LinkStatus.BROKEN,
        link_checked_at=timezone.now(),
    )
    assert search_slugs(client, "baby sleep") == [working.slug, broken.slug]
    assert search_slugs(client) == [working.slug, broken.slug]
    page = client.get(broken.get_absolute_url()).content.decode()
    assert "could not open this link" in page
    assert (
        "Link may be broken" in client.get(reverse("resources:list")).content.decode()
    )


def test_a_link_that_failed_once_shows_nothing_to_visitors(client):
    failing = ResourceFactory(
        link_status=Resource.LinkStatus.FAILING, link_checked_at=timezone.now()
    )
    page = client.get(failing.get_absolute_url()).content.decode()
    assert "could not open this link" not in page


# -- reports -----------------------------------------------------------------

REPORT = {"reason": "wrong_link", "details": "The page says 404.", "website": ""}


def report(client, resource, data=REPORT, **extra):
    return client.post(reverse("resources:report", args=[resource.slug]), data, **extra)


def test_every_resource_page_links_to_the_report_form(client):
    resource = ResourceFactory()
    page = client.get(resource.get_absolute_url()).content.decode()
    assert reverse("resources:report", args=[resource.slug]) in page
    assert "Report a problem with this resource" in page


def test_a_report_lands_in_the_curators_queue_and_changes_nothing_public(client):
    resource = ResourceFactory()
    before = Resource.objects.values().get(pk=resource.pk)
    response = report(client, resource)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "resources:report-thanks", args=[resource.slug]
    )
    saved = ResourceReport.objects.get()
    assert (saved.resource, saved.reason, saved.status) == (
        resource,
        "wrong_link",
        "new",
    )
    assert Resource.objects.values().get(pk=resource.pk) == before
    assert resource in Resource.objects.needing_attention()


def test_a_report_without_a_reason_re_renders_with_the_field_named(client):
    resource = ResourceFactory()
    response = report(client, resource, {"details": "x", "website": ""})
    assert response.status_code == 200
    assert "What is wrong?: This field is required." in response.content.decode()
    assert not ResourceReport.objects.exists()


def test_a_report_with_an_unknown_reason_is_refused(client):
    resource = ResourceFactory()
    response = report(client, resource, {**REPORT, "reason": "<script>"})
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode()
    assert not ResourceReport.objects.exists()


def test_a_robot_filling_the_trap_is_thanked_but_nothing_is_saved(client):
    resource = ResourceFactory()
    response = report(client, resource, {**REPORT, "website": "https://spam.example"})
    assert response.status_code == 302
    assert not ResourceReport.objects.exists()


def test_reports_are_rate_limited_per_client(client, settings):
    settings.REPORT_RATE_LIMIT = "2/h"
    resource = ResourceFactory()
    assert report(client, resource).status_code == 302
    assert report(client, resource).status_code == 302
    response = report(client, resource)
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert ResourceReport.objects.count() == 2


def test_a_draft_resource_cannot_be_reported(client):
    draft = ResourceFactory(status=Resource.Status.DRAFT)
    assert report(client, draft).status_code == 404


def test_curators_are_emailed_about_a_report(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = ["curators@example.org"]
    resource = ResourceFactory(title="Sleep guide")
    with django_capture_on_commit_callbacks(execute=True):
        report(client, resource)
    assert [message.subject for message in mailoutbox] == [
        "Problem reported: Sleep guide"
    ]


# -- the curators' queue -------------------------------------------------------


def test_the_combined_queue_holds_broken_due_and_reported_resources_only(
    curator_client,
):
    broken = ResourceFactory(
        link_status=Resource.LinkStatus.BROKEN, link_checked_at=timezone.now()
    )
    due = ResourceFactory(last_reviewed_on=months_ago(13))
    reported = ResourceFactory()
    ResourceReport.objects.create(resource=reported, reason="out_of_date")
    closed = ResourceFactory()
    ResourceReport.objects.create(resource=closed, reason="other", status="dismissed")
    ResourceFactory(last_reviewed_on=months_ago(2))
    ResourceFactory(
        link_status=Resource.LinkStatus.FAILING, link_checked_at=timezone.now()
    )
    assert set(Resource.objects.needing_attention()) == {broken, due, reported}
    response = curator_client.get(
        reverse("admin:resources_resource_changelist"), {"queue": "attention"}
    )
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {broken, due, reported}


def test_the_admin_front_page_counts_the_library_queues(curator_client):
    ResourceFactory(last_reviewed_on=months_ago(13))
    reported = ResourceFactory()
    ResourceReport.objects.create(resource=reported, reason="harmful")
    page = curator_client.get(reverse("admin:index")).content.decode()
    assert "Resources needing attention (broken, review due or reported)" in page
    assert "Resources due for review (12 months)" in page
    assert "Problems reported with resources" in page


def test_a_curator_resolves_a_report_and_it_leaves_the_queue(curator_client):
    resource = ResourceFactory()
    waiting = ResourceReport.objects.create(resource=resource, reason="out_of_date")
    curator_client.post(
        reverse("admin:resources_resourcereport_changelist"),
        {"action": "resolve", "_selected_action": [waiting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == "resolved" and waiting.handled_by is not None
    assert resource not in Resource.objects.needing_attention()


def test_the_admin_shows_each_summary_s_reading_grade(curator_client):
    plain = ResourceFactory(summary="Call us any time. We can help.")
    hard = ResourceFactory(
        summary=(
            "Comprehensive interdisciplinary consultation addressing multifactorial "
            "socioemotional developmental vulnerabilities characterising infancy."
        )
    )
    url = "admin:resources_resource_change"
    assert (
        "write it plainer"
        not in curator_client.get(reverse(url, args=[plain.pk])).content.decode()
    )
    assert (
        "write it plainer"
        in curator_client.get(reverse(url, args=[hard.pk])).content.decode()
    )


def test_the_weekly_digest_lists_what_needs_curators(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = ["curators@example.org"]
    settings.SITE_URL = "https://portal.example.org"
    ResourceFactory(title="Old sleep guide", last_reviewed_on=months_ago(13))
    ResourceFactory(title="Ancient guide", last_reviewed_on=months_ago(25))
    ResourceFactory(
        title="Gone away",
        link_status=Resource.LinkStatus.BROKEN,
        link_checked_at=timezone.now(),
    )
    ResourceFactory(title="Fresh guide", last_reviewed_on=months_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_digest", stdout=StringIO())
    [message] = mailoutbox
    assert message.to == ["curators@example.org"]
    assert "Old sleep guide" in message.body
    assert "Ancient guide" in message.body and "Gone away" in message.body
    assert "Fresh guide" not in message.body
    assert "https://portal.example.org/" in message.body


def test_no_digest_is_sent_when_nothing_needs_curators(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = ["curators@example.org"]
    ResourceFactory(last_reviewed_on=months_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_digest", stdout=StringIO())
    assert mailoutbox == []
