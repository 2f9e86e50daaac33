import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import (
    HIDDEN_AFTER_MONTHS,
    LIVE_STATUSES,
    REMIND_DAYS_BEFORE,
    STALE_AFTER_MONTHS,
    Listing,
    months_before,
)
from imh_portal.mail import in_their_language, queue_email
from imh_portal.site_address import site_url


class Command(BaseCommand):
    help = (
        "Run daily (cron). Emails owners whose listing is due for its yearly "
        f"confirmation within {REMIND_DAYS_BEFORE} days, or already overdue. "
        f"Listings unconfirmed for {STALE_AFTER_MONTHS} months show a 'may be out "
        f"of date' note, and after {HIDDEN_AFTER_MONTHS} months they are hidden: "
        "both follow from the confirmation date, so nothing else is changed here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="pretend it is this day"
        )

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        due_before = months_before(today, 12) + datetime.timedelta(
            days=REMIND_DAYS_BEFORE
        )
        due = (
            Listing.objects.filter(
                status__in=LIVE_STATUSES,
                confirmed_on__lte=due_before,
                owner__isnull=False,
                reminder_sent_on__isnull=True,
            )
            .select_related("owner")
            .order_by("pk")
        )
        sent = 0
        for listing in due:
            # The email waits in the outbox if the mail server is down; the
            # listing is marked reminded only together with it.
            with transaction.atomic(), in_their_language(listing.owner):
                link = site_url() + reverse("directory:mine")
                queue_email(
                    to=listing.owner.email,
                    subject=_("Is your directory listing still accurate? %(name)s")
                    % {"name": listing.name},
                    body=_(
                        "Once a year we ask every provider to confirm their "
                        "listing. “%(name)s” was last confirmed on %(date)s.\n\n"
                        "Log in and press “Still accurate”, or edit it:\n%(link)s"
                        "\n\nListings not confirmed for %(stale)s months are "
                        "marked as possibly out of date, and hidden after "
                        "%(hidden)s months."
                    )
                    % {
                        "name": listing.name,
                        "date": date_format(listing.confirmed_on, "DATE_FORMAT"),
                        "link": link,
                        "stale": STALE_AFTER_MONTHS,
                        "hidden": HIDDEN_AFTER_MONTHS,
                    },
                )
                Listing.objects.filter(pk=listing.pk).update(reminder_sent_on=today)
            sent += 1
        stale = Listing.objects.published(today=today).filter(
            confirmed_on__lt=months_before(today, STALE_AFTER_MONTHS)
        )
        self.stdout.write(
            f"reminders sent: {sent}; listings marked out of date: {stale.count()}"
        )
