"""Email that survives a mail-server outage: an outbox in the database.

``queue_email`` stores the message in the caller's transaction and tries to send
it as soon as that transaction commits. When the mail server is down or refuses
it, the change still stands, the error is recorded and logged, and the message
waits for ``send_queued_email`` (cron, every few minutes), which tries again
after growing pauses, up to ``MAX_ATTEMPTS`` times in all.

A message is sent at least once: if the process dies between the mail server's
answer and the database update, the next run sends it again.
"""

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from imh_portal.models import OutgoingEmail

logger = logging.getLogger(__name__)

# About a day of retries: 5, 10, 20, 40, 80, 160 minutes, then every 6 hours.
MAX_ATTEMPTS = 10
FIRST_PAUSE = datetime.timedelta(minutes=5)
LONGEST_PAUSE = datetime.timedelta(hours=6)
# Enough of an error to diagnose it; a mail server can answer at length.
ERROR_LENGTH = 2000


def queue_email(*, to: str | list[str], subject: str, body: str) -> OutgoingEmail:
    """Store a message in the current transaction and send it once that commits.

    Nothing is sent for a change that is rolled back, and a mail server that is
    down never undoes, or fails, the change that the message reports.
    """
    # Not full_clean(): a malformed address must not undo the change it reports;
    # the mail server's refusal is recorded on the message instead.
    email = OutgoingEmail.objects.create(
        to=[to] if isinstance(to, str) else list(to),
        subject=str(subject),
        body=str(body),
    )
    # robust: whatever happens while sending, the caller's change has committed.
    transaction.on_commit(lambda: send_queued_email(email.pk), robust=True)
    return email


def in_their_language(user):
    """Write an email to ``user`` in the language they chose (text, dates and
    the addresses of pages in it): ``with in_their_language(owner): ...``."""
    return translation.override(getattr(user, "language", None) or "en")


def pause_after(attempts: int) -> datetime.timedelta:
    """How long to wait before trying again after ``attempts`` failed attempts."""
    return min(FIRST_PAUSE * 2 ** (max(attempts, 1) - 1), LONGEST_PAUSE)


@transaction.atomic
def send_queued_email(pk: int) -> bool | None:
    """Try to send one waiting message and record how it went.

    True when the mail server accepted it, False when it did not, None when
    there was nothing to do: already sent, or being sent by another process
    (the row stays locked while it is sent, so no two processes send it).
    """
    email = (
        OutgoingEmail.objects.unsent()
        .select_for_update(skip_locked=True)
        .filter(pk=pk)
        .first()
    )
    if email is None:
        return None
    email.attempts += 1
    message = EmailMessage(email.subject, email.body, None, email.to)
    try:
        message.send(fail_silently=False)
    # Any failure (refused connection, timeout, rejected recipient, a broken
    # backend) leaves the message waiting rather than losing it.
    except Exception as error:
        email.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        email.next_attempt_at = timezone.now() + pause_after(email.attempts)
        email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning(
            "Email %s (%r to %s) not sent, attempt %d: %s",
            email.pk,
            email.subject,
            ", ".join(email.to),
            email.attempts,
            email.last_error,
        )
        return False
    email.sent_at = timezone.now()
    email.save(update_fields=["attempts", "sent_at"])
    logger.info(
        "Email %s (%r) sent, attempt %d", email.pk, email.subject, email.attempts
    )
    return True
