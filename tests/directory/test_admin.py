"""Moderators at work in the Django admin."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Listing, ListingStatus
from tests.factories import ListingFactory, LocationFactory

pytestmark = pytest.mark.django_db


def post_action(client, action, listings, **extra):
    return client.post(
        reverse("admin:directory_listing_changelist"),
        {"action": action, "_selected_action": [item.pk for item in listings], **extra},
    )


def test_the_moderators_group_can_moderate_but_not_manage_accounts(
    moderator_client,
):
    url = reverse("admin:directory_listing_changelist")
    assert moderator_client.get(url).status_code == 200
    assert (
        moderator_client.get(reverse("admin:imh_portal_user_changelist")).status_code
        == 403
    )
    assert (
        moderator_client.get(reverse("admin:resources_resource_changelist")).status_code
        == 403
    )


def test_the_queues_show_new_listings_and_waiting_changes(moderator_client):
    ListingFactory(name="Brand new", status="pending", published_at=None)
    ListingFactory(
        name="Edited",
        status="changes_pending",
        pending_changes={
            "fields": {"name": "Edited again"},
            "service_types": [],
            "modalities": [],
            "location": None,
        },
    )
    ListingFactory(name="Settled")
    url = reverse("admin:directory_listing_changelist")
    html = moderator_client.get(url, {"queue": "new"}).content.decode()
    assert "Brand new" in html and "Settled" not in html
    html = moderator_client.get(url, {"queue": "changes"}).content.decode()
    assert "Edited" in html and "Brand new" not in html


def test_waiting_changes_are_shown_field_by_field(moderator_client):
    listing = ListingFactory(
        name="Old name",
        status="changes_pending",
        pending_changes={
            "fields": {"name": "New name", "phone": ""},
            "service_types": [],
            "modalities": [],
            "locations": [
                {"city": "Tacoma", "region": "US-WA", "postal_code": "98402"}
            ],
        },
    )
    LocationFactory(listing=listing, city="Seattle", postal_code="98101")
    html = moderator_client.get(
        reverse("admin:directory_listing_change", args=[listing.pk])
    ).content.decode()
    assert "<tr><td>name</td><td>Old name</td><td>New name</td></tr>" in html
    assert "<td>phone</td>" not in html  # unchanged fields are left out
    assert "<td>Tacoma US-WA 98402</td>" in html


def test_approving_publishes_and_records_who(moderator_client, moderator):
    listing = ListingFactory(status="pending", published_at=None, confirmed_on=None)
    post_action(moderator_client, "approve", [listing])
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.events.get().actor == moderator


def test_rejecting_asks_for_a_reason_first(moderator_client, provider, mailoutbox):
    listing = ListingFactory(
        owner=provider, status="pending", published_at=None, confirmed_on=None
    )
    response = post_action(moderator_client, "reject", [listing])
    assert response.status_code == 200
    assert "Reason, sent to the provider" in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
    post_action(
        moderator_client, "reject", [listing], apply="1", reason="Add your licence."
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REJECTED
    assert listing.events.get().reason == "Add your licence."


def test_verifying_credentials_stamps_today(moderator_client):
    listing = ListingFactory()
    credential = listing.credentials.create(kind="imhs")
    post_action(moderator_client, "verify_credentials", [listing])
    credential.refresh_from_db()
    assert credential.verified_on is not None


def test_the_admin_front_page_shows_each_queue_with_its_count_and_age(
    moderator_client,
):
    waiting = ListingFactory(status=ListingStatus.PENDING)
    Listing.objects.filter(pk=waiting.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    ListingFactory(status=ListingStatus.PENDING)
    ListingFactory(status=ListingStatus.CHANGES_PENDING)
    response = moderator_client.get(reverse("admin:index"))
    queues = {queue.label: queue for queue in response.context["moderation"]}
    assert queues["New listings waiting"].count == 2
    assert queues["New listings waiting"].waiting_days == 3
    assert queues["Changes waiting"].count == 1
    html = response.content.decode()
    assert "?queue=new" in html
    assert "3 days" in html
    # Moderators see no library queue they may not open.
    assert not response.context["curation"]


def test_a_moderator_approves_from_the_listings_own_page(moderator_client, moderator):
    listing = ListingFactory(status="pending", published_at=None, confirmed_on=None)
    page = moderator_client.get(
        reverse("admin:directory_listing_change", args=[listing.pk])
    )
    approve = reverse("admin:directory_listing_approve", args=[listing.pk])
    assert f'action="{approve}"' in page.content.decode()
    assert moderator_client.get(approve).status_code == 405  # a POST only
    response = moderator_client.post(approve)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.events.get().actor == moderator
    page = moderator_client.get(
        reverse("admin:directory_listing_change", args=[listing.pk])
    )
    assert f'action="{approve}"' not in page.content.decode()  # nothing to decide


def test_a_moderator_rejects_a_listing_with_a_reason_from_its_page(
    moderator_client, provider, mailoutbox
):
    listing = ListingFactory(
        owner=provider, status="pending", published_at=None, confirmed_on=None
    )
    url = reverse("admin:directory_listing_turn_down", args=[listing.pk])
    empty = moderator_client.post(url, {"decision": "reject", "reason": ""})
    assert empty.status_code == 200
    assert "reason" in empty.context["form"].errors
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
    response = moderator_client.post(
        url, {"decision": "reject", "reason": "We list only IECMH services."}
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REJECTED
    assert listing.events.get().reason == "We list only IECMH services."


def test_a_moderator_requests_changes_and_the_provider_sees_the_note(
    moderator_client,
    provider,
    provider_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    listing = ListingFactory(
        owner=provider, status="pending", published_at=None, confirmed_on=None
    )
    url = reverse("admin:directory_listing_turn_down", args=[listing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            url, {"decision": "changes", "reason": "Please add your licence number."}
        )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    [message] = mailoutbox
    assert message.subject.startswith("Please change your directory listing")
    assert "Please add your licence number." in message.body
    mine = provider_client.get(reverse("directory:mine")).content.decode()
    assert "s note: Please add your licence number." in mine
    assert "Preview and submit for review" in mine


def test_people_without_moderation_rights_cannot_decide(curator_client, client):
    listing = ListingFactory(status="pending", published_at=None, confirmed_on=None)
    approve = reverse("admin:directory_listing_approve", args=[listing.pk])
    assert curator_client.post(approve).status_code == 403
    assert client.post(approve).status_code == 302  # to the log-in page
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING


def test_lists_of_codes_are_edited_as_named_checkboxes(moderator_client):
    listing = ListingFactory(
        languages=["en", "es"], age_bands=["prenatal", "0-12m"], delivery=["office"]
    )
    html = moderator_client.get(
        reverse("admin:directory_listing_change", args=[listing.pk])
    ).content.decode()
    assert 'name="languages" value="es"' in html
    assert re.search(r'value="es"[^>]*checked', html)
    assert "Spanish" in html
    assert 'name="telehealth_regions" value="US-WA"' in html
    assert 'value="en,es"' not in html  # never the raw codes
    assert 'value="prenatal,0-12m"' not in html
