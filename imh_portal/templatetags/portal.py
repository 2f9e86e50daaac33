"""Template helpers: safe Markdown, search snippets and query-string links."""

import functools

import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from imh_portal.phone_numbers import PhoneNumber, find_phone_numbers, link_phone_numbers
from imh_portal.search import render_headline

register = template.Library()

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render Markdown written by curators or providers, keeping only safe HTML,
    with every phone number a link a phone can call."""
    return _markdown_html(text or "")


# A pure function of the text; a role page renders eighteen, each costing
# about half a millisecond, and the same texts come back on every visit.
@functools.lru_cache(maxsize=4096)
def _markdown_html(text: str) -> SafeString:
    html = markdown_lib.markdown(text, extensions=["sane_lists"])
    # Safe: nh3 keeps only the tags and attributes listed above, and the
    # phone links it then gets wrap digits nh3 has already escaped.
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(link_phone_numbers(cleaned))  # nosec B308 B703


@register.filter
def phone_numbers(text: str | None) -> list[PhoneNumber]:
    """The phone numbers in a plain text, such as a support line's summary."""
    return find_phone_numbers(text or "")


@register.filter
def snippet(text: str) -> SafeString:
    """A search snippet with its matches in ``<mark>``, everything else escaped."""
    return render_headline(text or "")


@register.simple_tag(takes_context=True)
def query_without(context, name: str, value: str) -> str:
    """The current query string less one value of one parameter, and the page."""
    query = context["request"].GET.copy()
    query.setlist(name, [item for item in query.getlist(name) if item != str(value)])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_keeping(context, names: str) -> str:
    """The current query string with only the comma-separated ``names`` kept."""
    query = context["request"].GET.copy()
    kept = {name.strip() for name in names.split(",")}
    for name in list(query):
        if name not in kept or not any(query.getlist(name)):
            query.pop(name)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def handout_pick(name: str, value: str, label: str) -> SafeString:
    """The "Add to handout" box of a card. It belongs to the handout's form
    (``handout-form``) wherever the card stands on the page."""
    return format_html(
        '<p class="handout-pick"><input type="checkbox" form="handout-form"'
        ' name="{name}" value="{value}" id="handout-{name}-{value}">'
        '<label for="handout-{name}-{value}">{add}'
        '<span class="visually-hidden">: {label}</span></label></p>',
        name=name,
        value=value,
        label=label,
        add=_("Add to handout"),
    )
