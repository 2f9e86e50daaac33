"""CSV exports are safe to open in a spreadsheet: text a provider wrote can
never run as a formula (OWASP, CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse

from imh_portal.exports import safe_cell
from tests.factories import ListingFactory, ResourceFactory

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://evil.example","Click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_would_be_a_formula_starts_with_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Harbor Family Therapy", "", "1 Main St", "a=b"])
def test_ordinary_text_is_left_alone(text):
    assert safe_cell(text) == text


def rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_listings_export_neutralises_what_providers_wrote(client):
    ListingFactory(name='=HYPERLINK("https://evil.example")', organization="@SUM(1)")
    [row] = rows(client.get(reverse("api-listings-export")))
    assert row["name"] == '\'=HYPERLINK("https://evil.example")'
    assert row["organization"] == "'@SUM(1)"
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_the_resources_export_neutralises_every_cell(client):
    ResourceFactory(title="+1 555 0100 line", summary="-just a dash")
    [row] = rows(client.get(reverse("api-resources-export")))
    assert row["title"] == "'+1 555 0100 line"
    assert row["summary"] == "'-just a dash"
