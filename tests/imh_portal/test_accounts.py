"""Provider accounts: every email they need waits in the outbox when the mail
server is down, and an unconfirmed provider is told to confirm, not that the
password is wrong."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from imh_portal.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-long-passphrase"


def sign_up(client, capture, email="new.provider@example.org"):
    with capture(execute=True):
        return client.post(
            reverse("accounts:sign-up"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


def test_a_sign_up_during_a_mail_outage_keeps_its_confirmation_email(
    client, mail_server_down, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert "Check your email" in response.content.decode()
    waiting = OutgoingEmail.objects.get()
    assert waiting.to == ["new.provider@example.org"]
    assert waiting.sent_at is None and waiting.last_error
    assert "/accounts/confirm/" in waiting.body


def test_a_password_reset_during_a_mail_outage_keeps_its_email(
    client, mail_server_down, django_capture_on_commit_callbacks, provider
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "provider@example.org"}
        )
    assert response.status_code == 302
    waiting = OutgoingEmail.objects.get()
    assert waiting.to == ["provider@example.org"]
    assert waiting.sent_at is None
    assert "/accounts/password-reset/" in waiting.body


def test_a_password_reset_email_is_sent_through_the_outbox(
    client, mailoutbox, django_capture_on_commit_callbacks, provider
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"), {"email": "provider@example.org"}
        )
    assert OutgoingEmail.objects.get().sent_at is not None
    assert mailoutbox[0].to == ["provider@example.org"]
    assert "\n" not in mailoutbox[0].subject


def log_in(client, email, password=PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


def test_an_unconfirmed_provider_is_told_to_confirm_and_offered_a_new_link(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    response = log_in(client, "New.Provider@example.org")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please confirm your email address first" in page
    assert "Please enter a correct" not in page
    assert reverse("accounts:resend-confirmation") in page
    assert "Send the confirmation link again" in page
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_on_an_unconfirmed_account_says_nothing_about_it(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    page = log_in(client, "new.provider@example.org", "wrong-password").content
    assert b"confirm your email" not in page
    assert reverse("accounts:resend-confirmation").encode() not in page


def test_a_switched_off_account_is_not_invited_to_confirm(client):
    UserFactory(
        email="gone@example.org",
        password=PASSWORD,
        is_active=False,
        last_login=timezone.now(),
    )
    page = log_in(client, "gone@example.org").content
    assert b"confirm your email" not in page


def test_the_new_link_confirms_the_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:resend-confirmation"),
            {"email": "new.provider@example.org"},
        )
    assert "Check your email" in response.content.decode()
    link = re.search(r"https?://\S+(/accounts/confirm/\S+/)", mailoutbox[0].body)[1]
    assert client.get(link).status_code == 302
    assert get_user_model().objects.get(email="new.provider@example.org").is_active


def test_asking_for_a_link_for_an_unknown_address_looks_the_same(client, mailoutbox):
    response = client.post(
        reverse("accounts:resend-confirmation"), {"email": "nobody@example.org"}
    )
    assert "Check your email" in response.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_asking_for_new_links_is_rate_limited(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CONFIRMATION_RESEND_RATE_LIMIT = "2/h"
    sign_up(client, django_capture_on_commit_callbacks)
    url = reverse("accounts:resend-confirmation")
    answers = [
        client.post(url, {"email": "new.provider@example.org"}).status_code
        for _ in range(3)
    ]
    assert answers == [200, 200, 429]
    assert OutgoingEmail.objects.count() == 1 + 2  # the sign-up's and two more


def test_a_bad_address_re_renders_the_form_naming_the_field(client):
    response = client.post(reverse("accounts:resend-confirmation"), {"email": "x"})
    assert response.status_code == 200
    assert "Email address" in response.content.decode()
    assert response.context["form"].errors["email"]


def test_a_password_reset_email_is_in_the_language_the_person_chose(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="lucia@example.org", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "lucia@example.org"})
    assert "/es/accounts/" in mailoutbox[0].body
    assert "contraseña" in mailoutbox[0].body
