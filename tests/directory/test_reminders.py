import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from directory.models import Listing
from imh_portal.models import OutgoingEmail
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The command as cron runs it: its outbox emails go once it commits."""

    def run_command(today=TODAY) -> str:
        output = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "send_listing_reminders", "--today", today.isoformat(), stdout=output
            )
        return output.getvalue()

    return run_command


def test_owners_are_reminded_thirty_days_before_the_year_is_up(
    run, mailoutbox, provider, other_provider
):
    due = ListingFactory(owner=provider, confirmed_on=datetime.date(2025, 12, 20))
    ListingFactory(owner=other_provider, confirmed_on=datetime.date(2026, 1, 15))
    ListingFactory(owner=None, confirmed_on=datetime.date(2025, 1, 1))
    assert "reminders sent: 1" in run()
    assert mailoutbox[0].to == ["provider@example.org"]
    assert due.name in mailoutbox[0].subject
    assert OutgoingEmail.objects.get().sent_at is not None  # through the outbox
    # Only once, until the owner confirms again.
    assert "reminders sent: 0" in run()


def test_stale_listings_are_counted_and_very_old_ones_hidden(
    run, provider, other_provider
):
    ListingFactory(owner=provider, confirmed_on=datetime.date(2025, 9, 1))
    ListingFactory(owner=other_provider, confirmed_on=datetime.date(2025, 4, 1))
    output = run()
    assert "listings marked out of date: 1" in output
    assert Listing.objects.published(today=TODAY).count() == 1


def test_a_reminder_is_written_in_the_owner_s_language(run, mailoutbox):
    owner = UserFactory(email="lucia@example.org", language="es")
    ListingFactory(
        owner=owner, name="Clínica Sol", confirmed_on=datetime.date(2025, 12, 20)
    )
    run()
    assert mailoutbox[0].subject == (
        "¿Su ficha en el directorio sigue al día? Clínica Sol"
    )
    assert "20 de diciembre de 2025" in mailoutbox[0].body
    assert "/es/directory/" in mailoutbox[0].body
