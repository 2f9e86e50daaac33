"""What partner sites rely on: keys, limits, CORS, caching, syncing, exports."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework_api_key.models import APIKey

from resources.models import Resource
from tests.factories import ListingFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

RESOURCES = "/api/v1/resources/"


@pytest.fixture
def tight_limits(settings):
    settings.API_RATES = {"anonymous": "3/min", "partner": "100/min"}


def test_the_openapi_document_is_generated_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", target)
    schema = target.read_text()
    for path in ["/api/v1/resources/", "/api/v1/listings/", "/api/v1/roles/"]:
        assert f"{path}:" in schema, path


def test_the_interactive_docs_load_only_from_the_portal(client):
    html = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert client.get(reverse("api-schema")).status_code == 200


def test_an_api_key_is_hashed_at_rest_lifts_the_limit_and_can_be_revoked(
    partner, tight_limits
):
    stored = APIKey.objects.get(pk=partner.api_key.pk)
    assert partner.key not in stored.hashed_key and stored.hashed_key
    for _ in range(10):  # well past the anonymous limit of 3
        assert partner.get(RESOURCES).status_code == 200
    stored.revoked = True
    stored.save()
    assert partner.get(RESOURCES).status_code == 401
    partner.credentials(HTTP_AUTHORIZATION="Api-Key not.a-real-key")
    assert partner.get(RESOURCES).status_code == 401


def test_too_many_anonymous_requests_answer_429_with_retry_after(api, tight_limits):
    statuses = [api.get(RESOURCES).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get(RESOURCES)
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_any_origin_may_read_but_writes_come_only_from_configured_origins(
    api, settings
):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    read = api.get(RESOURCES, headers={"origin": "https://anyone.example"})
    assert read["Access-Control-Allow-Origin"] == "https://anyone.example"
    mine = reverse("api:my-listing-list")
    for origin, allowed in [
        ("https://evil.example", False),
        ("https://partner.example", True),
    ]:
        preflight = api.options(
            mine,
            headers={"origin": origin, "access-control-request-method": "POST"},
        )
        assert ("Access-Control-Allow-Origin" in preflight) is allowed, origin


def test_lists_and_details_answer_304_when_nothing_changed(api):
    resource = ResourceFactory(slug="calm-baby")
    for url in [RESOURCES, reverse("api:resource-detail", args=["calm-baby"])]:
        first = api.get(url)
        assert first["ETag"] and first["Last-Modified"]
        assert (
            "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
        )
        again = api.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        since = api.get(url, headers={"if-modified-since": first["Last-Modified"]})
        assert since.status_code == 304
    resource.title = "Calming a baby"
    resource.save()
    changed = api.get(RESOURCES, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200


def test_modified_after_lists_changes_and_tombstones(api):
    before = timezone.now() - timedelta(minutes=1)
    old = ResourceFactory(slug="old-news")
    Resource.objects.filter(pk=old.pk).update(updated_at=before - timedelta(days=2))
    ResourceFactory(slug="fresh")
    archived = ResourceFactory(slug="taken-down")
    archived.status = Resource.Status.ARCHIVED
    archived.save()
    ResourceFactory(slug="deleted-one").delete()
    ResourceFactory(slug="never-public", status="draft", published_at=None)
    data = api.get(RESOURCES, {"modified_after": before.isoformat()}).json()
    assert [item["slug"] for item in data["results"]] == ["fresh"]
    removed = {(stone["slug"], stone["status"]) for stone in data["removed"]}
    assert removed == {("taken-down", "archived"), ("deleted-one", "deleted")}


def test_withdrawn_listings_appear_as_tombstones(api):
    before = timezone.now() - timedelta(minutes=1)
    listing = ListingFactory(slug="gone-clinic")
    listing.status = "withdrawn"
    listing.save()
    data = api.get("/api/v1/listings/", {"modified_after": before.isoformat()}).json()
    assert data["removed"][0]["slug"] == "gone-clinic"
    assert data["removed"][0]["status"] == "withdrawn"


@pytest.mark.parametrize(
    "params",
    [
        {"modified_after": "last tuesday"},
        {"modified_after": "2026-02-30"},
        {"tpoic": "sleep"},
        {"kind": "spaceship"},
        {"page_size": "1000"},
    ],
)
def test_a_bad_or_unknown_parameter_answers_400_naming_it(api, params):
    response = api.get(RESOURCES, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_exports_stream_every_matching_record_in_csv_and_ndjson(api):
    sleep = TopicFactory(slug="sleep")
    for number in range(30):
        ResourceFactory(slug=f"sleep-{number}", topics=[sleep])
    ResourceFactory(slug="other")
    csv_response = api.get(reverse("api-resources-export"), {"topic": "sleep"})
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_response).decode())))
    assert len(rows) == 30 and rows[0]["topics"] == "sleep"
    ndjson = api.get(RESOURCES, {"topic": "sleep", "format": "ndjson"})
    assert ndjson["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(ndjson.streaming_content).decode().splitlines()
    assert len(lines) == 30
    assert {json.loads(line)["slug"] for line in lines} == {
        f"sleep-{n}" for n in range(30)
    }
    listings = api.get(reverse("api-listings-export"))
    assert b"".join(listings).decode().startswith("slug,")


def test_the_using_the_api_page_explains_keys_limits_licence_and_examples(client):
    html = client.get(reverse("api-usage")).content.decode()
    for needle in [
        "Api-Key",
        "429",
        "CC BY 4.0",
        "curl -H",
        "await fetch(",
        "data-imh-resources",
        "/static/js/embed.js",
        reverse("api-docs"),
    ]:
        assert needle in html, needle
