"""Secure by default: headers, cookies, passwords, lockouts, CSRF, IDOR, XSS,
oversized bodies and unexpected methods, tested the way an attacker would try."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from directory.models import Listing, ListingReport
from resources.models import ResourceSuggestion
from tests.factories import ListingFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
PAGES = ["/", "/resources/", "/directory/", "/for/", "/api/", "/api/v1/resources/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    scripts = next(part for part in policy.split(";") if "script-src" in part)
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_page_template_has_an_inline_script():
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        for chunk in text.split("<script")[1:]:
            assert chunk.split(">", 1)[0].strip().startswith("src="), path
        assert " onclick=" not in text and " onload=" not in text, path


def production_environment(**extra) -> dict:
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("DEBUG") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/imh_portal"
        ),
        "CACHE_URL": "redis://127.0.0.1:6379/15",
        "SITE_URL": "https://portal.example.org",
        "PORTAL_ORGANISATION_NAME": "Lakeside Infant Mental Health Association",
        "PORTAL_CONTACT_EMAIL": "hello@lakeside-imh.test",
        **extra,
    }


def test_production_settings_pass_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_secure_httponly_and_same_site():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.split() == ["True", "True", "True", "Lax", "True", "True"]


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = UserFactory()
    user.set_password("a-long-passphrase-for-testing")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_repeated_failed_logins_lock_the_account_out_with_a_clear_page(
    client, provider
):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "provider@example.org", "password": "wrong"})
    locked = client.post(
        url, {"username": "provider@example.org", "password": "a-long-test-password"}
    )
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_are_throttled(
    client, settings, mailoutbox, django_capture_on_commit_callbacks, provider
):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    url = reverse("accounts:password_reset")
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": "provider@example.org"})
    assert response.status_code == 200
    assert "Too many reset requests" in response.content.decode()
    assert len(mailoutbox) == 2


def test_the_admin_is_staff_only_at_its_configured_path(provider_client):
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"
    response = provider_client.get(reverse("admin:index"))  # not staff
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


FORMS = [
    ("resources:suggest", {"title": "A", "url": "https://example.org", "why": "x"}),
    (
        "accounts:sign-up",
        {"email": "a@example.org", "password1": "p", "password2": "p"},
    ),
    ("accounts:login", {"username": "a@example.org", "password": "p"}),
    ("accounts:password_reset", {"email": "a@example.org"}),
]


@pytest.mark.parametrize(("name", "data"), FORMS)
def test_forms_refuse_a_post_without_a_csrf_token(name, data):
    response = Client(enforce_csrf_checks=True).post(reverse(name), data)
    assert response.status_code == 403


def test_provider_writes_refuse_a_missing_csrf_token(provider):
    listing = ListingFactory(owner=provider, status="draft", published_at=None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider)
    for url in [
        reverse("directory:create"),
        reverse("directory:edit", args=[listing.pk]),
        reverse("directory:action", args=[listing.pk, "submit"]),
        reverse("api:my-listing-submit", args=[listing.pk]),
    ]:
        assert client.post(url, {}).status_code == 403, url
    listing.refresh_from_db()
    assert listing.status == "draft"


def test_nobody_reaches_another_providers_listing_through_the_admin(client, provider):
    intruder = UserFactory(is_staff=True)
    listing = ListingFactory(owner=provider)
    client.force_login(intruder)  # staff, but no directory permission
    url = reverse("admin:directory_listing_change", args=[listing.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Taken over"}).status_code == 403
    listing.refresh_from_db()
    assert listing.name != "Taken over"


def test_script_in_suggestions_reports_and_search_is_never_run(client):
    client.post(
        reverse("resources:suggest"),
        {"title": SCRIPT, "url": "https://example.org/x", "why": SCRIPT},
    )
    listing = ListingFactory()
    client.post(reverse("directory:report", args=[listing.slug]), {"message": SCRIPT})
    assert ListingReport.objects.get().message == SCRIPT  # stored as text
    ResourceFactory(title="Calm")
    for url in [
        f"/resources/?q={SCRIPT}",
        f"/directory/?q={SCRIPT}&near={SCRIPT}",
        f"/handout/?title={SCRIPT}",
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
    assert ResourceSuggestion.objects.filter(title=SCRIPT).count() <= 1


def test_an_oversized_body_is_refused_and_nothing_is_stored(client, provider):
    body = {"title": "Big", "url": "https://example.org", "why": "x" * 2_000_000}
    response = Client(raise_request_exception=False).post(
        reverse("resources:suggest"), body
    )
    assert response.status_code in (400, 413)
    assert not ResourceSuggestion.objects.exists()
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(provider)
    response = api.post(
        reverse("api:my-listing-list"),
        {"name": "x" * 2_000_000, "kind": "individual"},
        format="json",
    )
    assert response.status_code in (400, 413)
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/resources/"),
        ("delete", "/directory/"),
        ("post", "/for/"),
        ("patch", "/handout/"),
        ("delete", "/api/v1/resources/"),
        ("post", "/api/v1/listings/"),
        ("put", "/api/hsds/services"),
    ],
)
def test_unexpected_methods_are_refused_with_405(method, url):
    response = getattr(APIClient(), method)(url)
    assert response.status_code == 405
