"""One client address for every limit: whatever X-Forwarded-For says, never a 500,
and a client cannot choose its own rate-limit bucket."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from imh_portal.client_address import client_ip
from resources.models import ResourceSuggestion
from tests.factories import SUGGESTION_FORM

pytestmark = pytest.mark.django_db

# What browsers, proxies and attackers send: nothing, nothing at all, junk, a
# chain, IPv6, a port, and an address spoofed in front of the real one.
FORWARDED_FOR = [
    None,
    "",
    "   ",
    "not an address",
    "1.2.3.4, 5.6.7.8",
    "2001:db8::1",
    "203.0.113.9:443",
    "unknown, 198.51.100.7",
    "1.2.3.4,,,",
    "<script>",
]


def headers(forwarded_for: str | None) -> dict:
    extra = {"REMOTE_ADDR": "192.0.2.10"}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return extra


@pytest.mark.parametrize("proxies", [0, 1, 2])
@pytest.mark.parametrize("forwarded_for", FORWARDED_FOR)
def test_the_suggestion_form_never_fails_whatever_the_forwarded_header(
    client, settings, proxies, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = proxies
    response = client.post(
        reverse("resources:suggest"), SUGGESTION_FORM, **headers(forwarded_for)
    )
    assert response.status_code == 302
    assert ResourceSuggestion.objects.count() == 1


@pytest.mark.parametrize("proxies", [0, 1])
@pytest.mark.parametrize("forwarded_for", FORWARDED_FOR)
def test_password_reset_never_fails_whatever_the_forwarded_header(
    client, settings, proxies, forwarded_for, provider
):
    settings.TRUSTED_PROXY_COUNT = proxies
    response = client.post(
        reverse("accounts:password_reset"),
        {"email": "provider@example.org"},
        **headers(forwarded_for),
    )
    assert response.status_code == 302


def test_without_a_proxy_the_connection_is_the_client_and_the_header_is_ignored(
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", **headers("1.2.3.4, 5.6.7.8"))
    assert client_ip(request) == "192.0.2.10"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", **headers("1.2.3.4, 5.6.7.8"))
    assert client_ip(request) == "5.6.7.8"


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", **headers("1.2.3.4, 5.6.7.8, 10.0.0.2"))
    assert client_ip(request) == "5.6.7.8"


@pytest.mark.parametrize("forwarded_for", [None, "", "not an address"])
def test_a_missing_or_broken_header_behind_a_proxy_falls_back_to_the_connection(
    settings, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", **headers(forwarded_for))
    assert client_ip(request) == "192.0.2.10"


def test_a_made_up_left_most_address_does_not_buy_another_bucket(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SUGGESTION_RATE_LIMIT = "2/h"
    url = reverse("resources:suggest")
    answers = [
        client.post(
            url, SUGGESTION_FORM, **headers(f"10.9.8.{attempt}, 198.51.100.7")
        ).status_code
        for attempt in range(3)
    ]
    assert answers == [302, 302, 429]
    assert ResourceSuggestion.objects.count() == 2
    # Another visitor behind the same proxy has a budget of their own.
    other = client.post(url, SUGGESTION_FORM, **headers("198.51.100.8"))
    assert other.status_code == 302


def test_the_api_rate_limit_counts_by_the_same_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_RATES = {"anonymous": "2/min", "partner": "100/min"}
    url = reverse("api:resource-list")
    answers = [
        client.get(url, **headers(f"10.0.0.{attempt}, 198.51.100.7")).status_code
        for attempt in range(3)
    ]
    assert answers == [200, 200, 429]
    assert client.get(url, **headers("198.51.100.8")).status_code == 200


def test_login_lockout_counts_by_the_same_address(client, settings, provider):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 2
    url = reverse("accounts:login")
    wrong = {"username": "provider@example.org", "password": "not-the-password"}
    for attempt in range(2):
        client.post(url, wrong, **headers(f"10.0.0.{attempt}, 198.51.100.7"))
    locked = client.post(url, wrong, **headers("10.0.0.99, 198.51.100.7"))
    assert locked.status_code == 429
    elsewhere = client.post(url, wrong, **headers("198.51.100.8"))
    assert elsewhere.status_code == 200
