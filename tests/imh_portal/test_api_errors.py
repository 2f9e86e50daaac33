"""Every error on an API path is JSON with a ``detail``, as partners' code
expects, whichever layer (Django or DRF) produced it."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from resources.api import ResourceViewSet

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_server_error_on_an_api_path_is_json(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ResourceViewSet, "list", broken)
    client = Client(raise_request_exception=False)
    assert_json_error(client.get(reverse("api:resource-list")), 500)


def test_a_server_error_on_a_page_is_the_html_page(monkeypatch):
    from resources import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "search_library", broken)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("resources:list"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_database_outage_on_an_api_path_is_a_json_503(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(ResourceViewSet, "list", unreachable)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("api:resource-list"))
    assert_json_error(response, 503)
    assert response["Retry-After"]


def test_an_unknown_host_on_an_api_path_is_a_json_400(client):
    response = client.get(reverse("api:resource-list"), HTTP_HOST="evil.example")
    assert_json_error(response, 400)


def test_an_oversized_body_on_an_api_path_is_a_json_400(provider_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = provider_client.post(
        reverse("api:my-listing-list"),
        data="x" * 1000,
        content_type="application/x-www-form-urlencoded",
    )
    assert_json_error(response, 400)


def test_a_write_without_its_csrf_token_is_a_json_403(provider):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider)
    response = client.post(reverse("api:my-listing-list"), {}, format="json")
    assert_json_error(response, 403)


def test_an_unknown_api_path_is_a_json_404(client):
    assert_json_error(client.get("/api/v1/no-such-thing/"), 404)
    assert_json_error(client.get("/api/v9/"), 404)


def test_a_method_the_api_does_not_take_is_a_json_405(client):
    assert_json_error(client.delete(reverse("api:resource-list")), 405)
    assert_json_error(client.post(reverse("hsds:service-list")), 405)


def test_too_many_requests_is_a_json_429(client, settings):
    settings.API_RATES = {"anonymous": "1/min", "partner": "100/min"}
    client.get(reverse("api:resource-list"))
    response = client.get(reverse("api:resource-list"))
    assert_json_error(response, 429)
    assert response["Retry-After"]


def test_the_api_guide_and_docs_pages_keep_html_errors(client):
    response = client.post(reverse("api-usage"))
    assert response.status_code == 405
    assert not response["Content-Type"].startswith("application/json")
