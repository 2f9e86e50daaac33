"""Page structure for assistive technology: landmarks, headings, labels.

Checked on the served HTML of the pages with the richest structure; the
browser tests add axe-core and keyboard checks on top.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import (
    FeaturedResourceFactory,
    GuidanceItemFactory,
    ListingFactory,
    ResourceFactory,
    RoleFactory,
    RoleProviderTypeFactory,
)

pytestmark = pytest.mark.django_db

LANDMARKS = {"header", "nav", "main", "footer"}
LABELLED = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset"}


class Outline(HTMLParser):
    """Headings, landmarks, form controls and labels of one page."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.form_ids: set[str] = set()
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag in LANDMARKS:
            self.landmarks.add(tag)
        if tag == "form" and attributes.get("id"):
            self.form_ids.add(attributes["id"])
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_targets.add(attributes["for"])
        if tag in LABELLED and attributes.get("type") not in UNLABELLED_INPUTS:
            self.controls.append({**attributes, "_in_label": self.open_labels > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


def outline_of(html: str) -> Outline:
    outline = Outline()
    outline.feed(html)
    return outline


def assert_well_structured(html: str, url: str) -> None:
    outline = outline_of(html)
    assert outline.landmarks >= LANDMARKS, url
    assert outline.headings.count(1) == 1, f"{url}: one h1"
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, f"{url}: h{before} then h{after}"
    for control in outline.controls:
        labelled = (
            control.get("id") in outline.label_targets
            or control.get("aria-label")
            or control["_in_label"]
        )
        assert labelled, f"{url}: unlabelled {control}"
        if control.get("form"):
            assert control["form"] in outline.form_ids, f"{url}: {control}"


@pytest.fixture
def pages():
    role = RoleFactory(slug="home-visitors")
    GuidanceItemFactory(role=role, kind="sign")
    GuidanceItemFactory(role=role, kind="where_to_turn")
    resource = ResourceFactory()
    FeaturedResourceFactory(role=role, resource=resource)
    RoleProviderTypeFactory(role=role)
    role.related_roles.add(RoleFactory())
    listing = ListingFactory()
    return [
        reverse("guidance:role-list"),
        role.get_absolute_url(),
        reverse("guidance:handout"),
        f"{reverse('guidance:handout')}?resource={resource.slug}&listing={listing.slug}",
        reverse("resources:list"),
        reverse("directory:list"),
        reverse("home"),
    ]


def test_pages_have_landmarks_ordered_headings_and_labelled_controls(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_well_structured(response.content.decode(), url)
