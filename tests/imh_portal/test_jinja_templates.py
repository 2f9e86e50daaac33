"""The Jinja2 templates (a search's cards and facet options) print what
Django's templates would: the same escaping, the page's language, the same
messages, nothing for a missing value."""

import datetime

import pytest
from django.template import Context, engines
from django.utils import translation
from django.utils.translation import gettext_lazy

from imh_portal.templatetags.fragments import fragment_key

CHECKED = """{{ _('Checked <time datetime="%(iso)s">%(month)s</time>')|fill(
    iso=day.isoformat(), month=day|date("YEAR_MONTH_FORMAT")) }}"""


def jinja2(source: str, **values) -> str:
    return engines["jinja2"].from_string(source).render(values)


def django(source: str, **values) -> str:
    return engines["django"].from_string(source).render(values)


def test_a_printed_value_is_escaped_as_django_escapes_it():
    name = """O'Brien & "Sons" <script>"""
    assert jinja2("{{ name }}", name=name) == django("{{ name }}", name=name)
    assert jinja2("{{ name }}", name=name) == (
        "O&#x27;Brien &amp; &quot;Sons&quot; &lt;script&gt;"
    )


def test_a_list_joins_with_each_item_escaped_as_in_django():
    labels = ["Medicaid", "<b>sliding</b>"]
    assert jinja2('{{ labels|join(", ") }}', labels=labels) == django(
        '{{ labels|join:", " }}', labels=labels
    )


def test_numbers_and_dates_print_in_the_page_language():
    day = datetime.date(2026, 3, 1)
    with translation.override("es"):
        assert jinja2("{{ distance|floatformat(1) }}", distance=0.42) == "0,4"
        assert jinja2("{{ count|intcomma }}", count=12345) == "12\xa0345"
        assert jinja2(CHECKED, day=day) == (
            'Revisado en <time datetime="2026-03-01">marzo de 2026</time>'
        )
    assert jinja2(CHECKED, day=day) == (
        'Checked <time datetime="2026-03-01">March 2026</time>'
    )


def test_a_message_keeps_its_own_markup_and_escapes_its_values():
    html = jinja2(
        '{{ _("%(distance)s %(unit)s away")|fill(distance="<i>1</i>", unit=unit) }}',
        unit="miles & more",
    )
    assert html == "&lt;i&gt;1&lt;/i&gt; miles &amp; more away"


def test_a_missing_value_prints_nothing_as_in_django():
    row = object()
    assert jinja2("[{{ row.snippet }}]", row=row) == "[]"
    assert jinja2("{% if row.distance is number %}near{% endif %}", row=row) == ""


@pytest.mark.django_db
def test_a_fragment_given_a_lazy_translation_is_found_again():
    # The guided path hands its cards the unit as lazy text: a new object on
    # every request, but one key for the same words.
    keys = {
        fragment_key(Context(), "jinja2/includes/listing_card.html", (), values)
        for values in ({"unit_label": gettext_lazy("miles")} for _ in range(2))
    }
    assert len(keys) == 1
    with translation.override("es"):
        spanish = fragment_key(
            Context(),
            "jinja2/includes/listing_card.html",
            (),
            {"unit_label": gettext_lazy("miles")},
        )
    assert spanish not in keys
