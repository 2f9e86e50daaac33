"""The About and privacy pages say who runs the portal, how resources are
chosen and reviewed, and what is kept about visitors and providers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from imh_portal.readability import reading_grade
from resources.models import ResourceReview
from tests.factories import ResourceFactory
from tests.imh_portal.test_cache_outage import deploy_check

pytestmark = pytest.mark.django_db


def test_about_names_the_organisation_and_its_contact_address(client, settings):
    settings.PORTAL_ORGANISATION_NAME = "Lakeside Infant Mental Health Association"
    settings.PORTAL_CONTACT_EMAIL = "hello@lakeside-imh.test"
    page = client.get(reverse("about")).content.decode()
    assert "Lakeside Infant Mental Health Association" in page
    assert 'href="mailto:hello@lakeside-imh.test"' in page
    assert "portal@localhost" not in page


def test_about_gives_the_selection_criteria_and_the_review_rules(client):
    page = client.get(reverse("about")).content.decode()
    assert "How we choose resources" in page
    assert "After 12 months without a check" in page
    assert "After 24 months without a check" in page


def test_about_lists_who_reviewed_resources_recently(client):
    resource = ResourceFactory()
    today = timezone.localdate()
    ResourceReview.objects.create(resource=resource, reviewer="Ana Ruiz, curator")
    ResourceReview.objects.create(
        resource=resource,
        reviewer="Long gone reviewer",
        reviewed_on=today - datetime.timedelta(days=800),
    )
    page = client.get(reverse("about")).content.decode()
    assert "Ana Ruiz, curator: 1 review" in page
    assert "Long gone reviewer" not in page


def test_privacy_says_what_is_kept_about_visitors_and_providers(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "hello@lakeside-imh.test"
    response = client.get(reverse("privacy"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Without an account, we keep nothing that names you." in page
    assert "Providers with an account" in page
    assert "mailto:hello@lakeside-imh.test" in page
    assert reverse("privacy") in client.get(reverse("home")).content.decode()


def test_the_about_and_privacy_pages_read_plainly(client):
    for name in ["about", "privacy"]:
        html = client.get(reverse(name)).content.decode()
        body = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
        text = " ".join(
            part.split(">", 1)[-1] for part in body.split("<") if ">" in part
        )
        assert reading_grade(text) <= 8, name


def test_production_needs_an_organisation_name_and_a_real_contact_address():
    output = deploy_check(PORTAL_ORGANISATION_NAME="", PORTAL_CONTACT_EMAIL="")
    assert "imh_portal.E001" in output and "imh_portal.E002" in output
    output = deploy_check(PORTAL_CONTACT_EMAIL="portal@localhost")
    assert "imh_portal.E002" in output and "imh_portal.E001" not in output
