"""Health endpoints, and what visitors see while the database is away."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from imh_portal import health
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get(reverse("healthz"))
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database_the_migrations_and_the_places(client):
    PlaceFactory(kind="postal_code", name="98101", region="US-WA")
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "places": "ok",
    }


def test_readyz_answers_503_while_no_place_is_loaded(client, monkeypatch):
    monkeypatch.setattr(health, "_passed", set())
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["places"] == "missing"


def test_readyz_answers_503_when_the_database_is_away(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize(
    ("url", "kind"), [("/resources/", "text/html"), ("/api/v1/resources/", "json")]
)
def test_a_database_outage_is_a_friendly_503_not_a_stack_trace(url, kind):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert kind in response["Content-Type"]
    body = response.content.decode()
    assert "Traceback" not in body and "OperationalError" not in body
    if kind == "text/html":
        assert "briefly unavailable" in body and "1-833-852-6262" in body
