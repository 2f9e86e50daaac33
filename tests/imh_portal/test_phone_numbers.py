"""Phone numbers in text become links a phone can call."""

import pytest
from django.urls import reverse

from imh_portal.phone_numbers import find_phone_numbers, link_phone_numbers
from imh_portal.templatetags.portal import markdown
from resources.models import Resource
from tests.factories import ResourceFactory


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Call or text 1-833-852-6262 (1-833-TLC-MAMA), 24/7", ["18338526262"]),
        ("Call 1-800-944-4773 or (206) 555-0100.", ["18009444773", "2065550100"]),
        ("Call or text 988, any time.", ["988"]),
        ("Llame o envíe un texto al 988.", ["988"]),
        ("In an emergency, call 911.", ["911"]),
        ("Founded in 1988; 988 pages; ISBN 978-0-12-345678-9.", []),
        ("Text HOME to 741741.", []),
    ],
)
def test_numbers_are_found_where_people_would_dial_them(text, found):
    assert [phone.digits for phone in find_phone_numbers(text)] == found


def test_numbers_become_tel_links_and_existing_links_stay_as_they_are():
    html = (
        "<p>Call <strong>1-800-944-4773</strong> or "
        '<a href="https://example.org">206-555-0100</a>.</p>'
    )
    linked = link_phone_numbers(html)
    assert '<a href="tel:+18009444773">1-800-944-4773</a>' in linked
    assert '<a href="https://example.org">206-555-0100</a>' in linked
    assert linked.count("<a ") == 2


def test_markdown_links_phone_numbers_and_still_escapes_everything_else():
    html = str(markdown("**calling 988** or 1-833-852-6262 <script>x</script>"))
    assert '<a href="tel:988">988</a>' in html
    assert '<a href="tel:+18338526262">1-833-852-6262</a>' in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_a_support_line_page_offers_a_call_button_first(client):
    line = ResourceFactory(
        kind=Resource.Kind.SERVICE,
        summary="Call or text 988 to reach a counselor, any time.",
        url="https://988lifeline.org",
    )
    html = client.get(reverse("resources:detail", args=[line.slug])).content.decode()
    call = html.index('href="tel:988"')
    website = html.index('href="https://988lifeline.org"')
    assert call < website
    assert "Call 988" in html


@pytest.mark.parametrize(
    ("text", "texts_only"),
    [
        ("For Spanish, press 1, or text 971-203-7773.", [True]),
        ("Call or text 1-833-852-6262.", [False]),
        ("Call 1-800-944-4773, or text 800-944-4773.", [False, True]),
        ("Envíe un texto al 971-203-7773.", [True]),
    ],
)
def test_a_number_offered_only_for_texts_is_told_apart(text, texts_only):
    assert [phone.texts_only for phone in find_phone_numbers(text)] == texts_only


@pytest.mark.django_db
def test_a_text_only_line_gets_a_text_button_not_a_call_button(client):
    line = ResourceFactory(
        kind=Resource.Kind.SERVICE,
        summary="Call 1-800-944-4773. For Spanish, text 971-203-7773.",
    )
    html = client.get(reverse("resources:detail", args=[line.slug])).content.decode()
    assert '<a class="button" href="tel:+18009444773">Call 1-800-944-4773</a>' in html
    assert '<a class="button" href="sms:+19712037773">Text 971-203-7773</a>' in html
    assert 'href="tel:+19712037773"' not in html
