import logging

from django.core.management.base import BaseCommand

from imh_portal.mail import MAX_ATTEMPTS, send_queued_email
from imh_portal.models import OutgoingEmail

logger = logging.getLogger("imh_portal.mail")


class Command(BaseCommand):
    help = (
        "Run every few minutes (cron). Sends the emails still waiting in the "
        "outbox because the mail server was down or refused them: each is tried "
        f"again after a growing pause, at most {MAX_ATTEMPTS} times in all; what "
        "is still unsent after that stays in the admin's outbox with its last "
        "error. Safe to run in several places at once: each message is locked "
        "while it is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help=f"give up on a message after this many attempts ({MAX_ATTEMPTS})",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="don't wait for the pause: try every waiting message at once "
            "(after fixing the mail server)",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="at most this many messages per run (500)",
        )

    def handle(self, *args, max_attempts, now, limit, **options):
        waiting = OutgoingEmail.objects.unsent().filter(attempts__lt=max_attempts)
        due = waiting if now else OutgoingEmail.objects.due(max_attempts=max_attempts)
        pks = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True))
        sent = failed = 0
        for pk in pks[:limit]:
            outcome = send_queued_email(pk)
            sent += outcome is True
            failed += outcome is False
        given_up = OutgoingEmail.objects.unsent().filter(attempts__gte=max_attempts)
        for email in given_up.filter(pk__in=pks):
            logger.error(
                "Email %s (%r to %s) not sent after %d attempts, giving up: %s",
                email.pk,
                email.subject,
                ", ".join(email.to),
                email.attempts,
                email.last_error,
            )
        # Quiet when there was nothing to send, so cron mails no one.
        if sent or failed:
            self.stdout.write(
                f"emails sent: {sent}; failed: {failed}; "
                f"still waiting: {waiting.count()}"
            )
