"""Curated texts in the page's language, and honest when they are not: a text
that exists only in English shows in English, marked with ``lang`` and a short
"(in English)" note, never silently mixed into a Spanish page."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from imh_portal.templatetags.portal import markdown
from imh_portal.translated_text import text_in_page_language

register = template.Library()


def _in_other_language_note() -> SafeString:
    return format_html('<span class="in-other-language">({})</span>', _("in English"))


@register.filter
def translated(instance, field_name: str) -> SafeString:
    """A plain text field in the page's language (escaped)."""
    text, language = text_in_page_language(instance, field_name)
    if language == get_language():
        return conditional_escape(text)
    return format_html(
        '<span lang="{}">{}</span> {}', language, text, _in_other_language_note()
    )


@register.filter
def translated_markdown(instance, field_name: str) -> SafeString:
    """A Markdown field in the page's language, rendered and made safe."""
    text, language = text_in_page_language(instance, field_name)
    if language == get_language():
        return markdown(text)
    return format_html(
        '<div lang="{}">{}</div><p>{}</p>',
        language,
        markdown(text),
        _in_other_language_note(),
    )


def _reader_summary(resource) -> tuple[str, str]:
    """The summary for a reader of this page, with its language: the resource's
    own where it is in the page's language, else the one written for Spanish
    readers, else its own in its language."""
    page = get_language() or settings.LANGUAGE_CODE
    if resource.text_language != page and page == "es" and resource.spanish_summary:
        return resource.spanish_summary, page
    return resource.summary, resource.text_language


@register.filter
def reader_summary(resource) -> SafeString:
    """A resource's summary for a reader of this page. An English summary a
    Spanish page has no Spanish for stays folded away, so the page reads in
    Spanish and the English is one tap off; on an English page another
    language's summary shows, marked with its ``lang``."""
    text, language = _reader_summary(resource)
    page = get_language() or settings.LANGUAGE_CODE
    if language == page:
        return conditional_escape(text)
    if page == settings.LANGUAGE_CODE:
        return format_html('<span lang="{}">{}</span>', language, text)
    return format_html(
        '<details class="in-other-language"><summary>{}</summary>'
        '<span lang="{}">{}</span></details>',
        _("Summary in English only"),
        language,
        text,
    )


@register.filter
def printed_summary(resource) -> SafeString:
    """As ``reader_summary``, for paper: nothing folds on a printed page, so a
    summary in another language shows, marked, with "(in English)"."""
    text, language = _reader_summary(resource)
    if language == (get_language() or settings.LANGUAGE_CODE):
        return conditional_escape(text)
    if language != "en":
        return format_html('<span lang="{}">{}</span>', language, text)
    return format_html(
        '<span lang="{}">{}</span> {}', language, text, _in_other_language_note()
    )


@register.filter
def lang_if_other(text_language: str) -> SafeString:
    """A ``lang`` attribute for a fragment whose language is not the page's."""
    if text_language and text_language != get_language():
        return format_html(' lang="{}"', text_language)
    return SafeString("")
