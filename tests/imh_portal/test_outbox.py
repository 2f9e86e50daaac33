"""Email that survives a mail-server outage: the change commits, the message waits
in the outbox with its error, and ``send_queued_email`` sends it later."""

import datetime
import io
import socket
import socketserver
import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory import services
from directory.models import ListingStatus
from imh_portal.mail import MAX_ATTEMPTS, pause_after, queue_email
from imh_portal.models import OutgoingEmail
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def pending_listing(provider):
    return ListingFactory(
        owner=provider,
        name="Jordan Rivers",
        slug="jordan-rivers",
        status=ListingStatus.PENDING,
    )


def approve(listing, moderator, capture):
    """Approve as a moderator's request does: the transaction commits, then the
    on-commit work (sending the email) runs."""
    with capture(execute=True):
        services.approve_listing(listing=listing, moderator=moderator)
    listing.refresh_from_db()


def make_due(email: OutgoingEmail) -> None:
    """Pretend the pause before the next attempt is over."""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("send_queued_email", *args, stdout=out)
    return out.getvalue()


def test_a_message_is_sent_once_the_transaction_commits(
    moderator, pending_listing, mailoutbox, django_capture_on_commit_callbacks
):
    approve(pending_listing, moderator, django_capture_on_commit_callbacks)

    assert [message.to for message in mailoutbox] == [["provider@example.org"]]
    email = OutgoingEmail.objects.get()
    assert email.sent_at is not None
    assert (email.attempts, email.last_error) == (1, "")
    assert email.subject == mailoutbox[0].subject
    assert email.body == mailoutbox[0].body


def test_nothing_is_sent_for_a_change_that_is_rolled_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_email(to="someone@example.org", subject="Hello", body="Hi.")
        transaction.set_rollback(True)

    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()


def test_approving_commits_and_the_email_waits_when_the_mail_server_is_down(
    mail_server_down,
    moderator,
    pending_listing,
    mailoutbox,
    django_capture_on_commit_callbacks,
    caplog,
):
    approve(pending_listing, moderator, django_capture_on_commit_callbacks)

    assert pending_listing.status == ListingStatus.PUBLISHED
    email = OutgoingEmail.objects.get()
    assert email.to == ["provider@example.org"]
    assert email.subject == "Your directory listing was approved: Jordan Rivers"
    assert email.sent_at is None
    assert email.attempts == 1
    assert "ConnectionRefusedError: the mail server is down" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert mailoutbox == []
    assert "not sent, attempt 1" in caplog.text


def test_the_command_sends_the_waiting_email_once_the_mail_server_works(
    mail_server_down,
    settings,
    moderator,
    pending_listing,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    approve(pending_listing, moderator, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.get()
    settings.EMAIL_BACKEND = LOCMEM

    assert run_command() == ""  # still pausing after the failure
    assert mailoutbox == []

    make_due(email)
    assert "emails sent: 1; failed: 0; still waiting: 0" in run_command()
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["provider@example.org"]
    assert sent.subject == email.subject
    assert "“Jordan Rivers” was approved" in sent.body
    assert "/directory/jordan-rivers/" in sent.body
    email.refresh_from_db()
    assert email.sent_at is not None
    assert email.attempts == 2

    make_due(email)
    run_command()
    assert len(mailoutbox) == 1  # sent once only


def test_the_command_pauses_longer_after_each_failure_and_then_gives_up(
    mail_server_down, caplog
):
    email = queue_email(to="owner@example.org", subject="Hello", body="Hi.")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        make_due(email)
        before = timezone.now()
        assert "failed: 1" in run_command()
        email.refresh_from_db()
        assert email.attempts == attempt
        assert email.next_attempt_at >= before + pause_after(attempt)

    make_due(email)
    assert run_command() == ""  # given up: no more attempts
    email.refresh_from_db()
    assert (email.attempts, email.sent_at) == (MAX_ATTEMPTS, None)
    assert f"not sent after {MAX_ATTEMPTS} attempts, giving up" in caplog.text
    assert pause_after(1) == datetime.timedelta(minutes=5)
    assert pause_after(2) == datetime.timedelta(minutes=10)
    assert pause_after(MAX_ATTEMPTS) == datetime.timedelta(hours=6)


def test_now_tries_waiting_messages_without_waiting_for_the_pause(
    mail_server_down, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to=["a@example.org", "b@example.org"], subject="S", body="B")
    settings.EMAIL_BACKEND = LOCMEM

    assert "emails sent: 1" in run_command("--now")
    assert mailoutbox[0].to == ["a@example.org", "b@example.org"]


# A real SMTP server: down (a closed port), then up on the same port.


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib to hand over a message."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command == "DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.messages.append(data.decode())
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")


@contextmanager
def smtp_server(port: int):
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), SMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_a_real_smtp_server_that_is_down_behaves_the_same(
    settings, moderator, pending_listing, django_capture_on_commit_callbacks
):
    port = closed_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 1
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    approve(pending_listing, moderator, django_capture_on_commit_callbacks)

    assert pending_listing.status == ListingStatus.PUBLISHED
    email = OutgoingEmail.objects.get()
    assert email.sent_at is None
    assert "ConnectionRefusedError" in email.last_error

    with smtp_server(port) as server:
        make_due(email)
        assert "emails sent: 1" in run_command()
    email.refresh_from_db()
    assert email.sent_at is not None
    [message] = server.messages
    assert "To: provider@example.org" in message
    assert "Jordan Rivers" in message


def test_admins_can_read_the_outbox_but_not_change_it(client, admin_user):
    email = queue_email(to="owner@example.org", subject="Hello", body="Hi.")
    client.force_login(admin_user)

    listing = client.get(reverse("admin:imh_portal_outgoingemail_changelist"))
    assert listing.status_code == 200
    assert "Hello" in listing.content.decode()
    waiting = client.get(
        reverse("admin:imh_portal_outgoingemail_changelist"), {"state": "waiting"}
    )
    assert "Hello" in waiting.content.decode()
    detail = client.get(
        reverse("admin:imh_portal_outgoingemail_change", args=[email.pk])
    )
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    add = client.get(reverse("admin:imh_portal_outgoingemail_add"))
    assert add.status_code == 403
