"""HEAD answers like GET without a body on every public page and probe, as load
balancers and uptime monitors ask."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from resources.models import ResourceSuggestion
from tests.factories import (
    CollectionFactory,
    CollectionItemFactory,
    ListingFactory,
    LocationFactory,
    PlaceFactory,
    ResourceFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls() -> list[str]:
    resource = ResourceFactory()
    collection = CollectionFactory()
    CollectionItemFactory(collection=collection, resource=resource)
    listing = ListingFactory()
    LocationFactory(listing=listing)
    PlaceFactory(kind="postal_code", name="98101", region="US-WA")
    role = RoleFactory()
    return [
        reverse("healthz"),
        reverse("readyz"),
        reverse("home"),
        reverse("resources:list"),
        f"{reverse('resources:list')}?q=sleep",
        resource.get_absolute_url(),
        reverse("resources:collections"),
        collection.get_absolute_url(),
        reverse("resources:suggest"),
        reverse("resources:suggest-thanks"),
        reverse("directory:list"),
        f"{reverse('directory:list')}?near=98101",
        listing.get_absolute_url(),
        reverse("directory:report", args=[listing.slug]),
        reverse("guidance:role-list"),
        role.get_absolute_url(),
        f"{reverse('guidance:handout')}?resource={resource.slug}",
        reverse("accounts:sign-up"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("accounts:resend-confirmation"),
        reverse("about"),
        reverse("guidance:start"),
        reverse("directory:glossary"),
        reverse("privacy"),
        reverse("resources:report", args=[resource.slug]),
        reverse("accessibility"),
        reverse("api-usage"),
        reverse("api-docs"),
        reverse("api-schema"),
        reverse("api:resource-list"),
        reverse("api:listing-list"),
        reverse("api-resources-export"),
        reverse("hsds:root"),
        reverse("hsds:service-list"),
    ]


def test_head_answers_every_public_page_and_probe_without_a_body(client, public_urls):
    for url in public_urls:
        got = client.get(url)
        head = client.head(url)
        assert got.status_code == 200, url
        assert head.status_code == 200, url
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", url
        assert head["Content-Type"] == got["Content-Type"], url


def test_head_on_a_page_that_takes_posts_does_not_post(client):
    assert client.head(reverse("resources:suggest")).status_code == 200
    assert ResourceSuggestion.objects.count() == 0


def test_the_wsgi_application_itself_sends_no_body_for_head(public_urls):
    """What gunicorn receives: it writes out whatever the application returns,
    so the body must already be gone (Django's test client hides this)."""
    application = WSGIHandler()
    # As Django's test client does: the test's transaction must stay open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for url in public_urls:
            answer_without_body(application, url)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def answer_without_body(application, url: str) -> None:
    path, _, query = url.partition("?")
    environ = RequestFactory().head(path, QUERY_STRING=query).environ
    answers = []
    body = b"".join(
        application(environ, lambda status, headers: answers.append(status))
    )
    assert answers[0].startswith("200"), url
    assert body == b"", url
