"""Which language a curated text is shown in, for pages and for the API."""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


def text_in_page_language(instance, field_name: str) -> tuple[str, str]:
    """The field's text in the active language if it has one, else in the
    first fallback language that does; with the language it is in."""
    page = get_language() or settings.LANGUAGE_CODE
    for language in (page, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
        text = getattr(instance, build_localized_fieldname(field_name, language), None)
        if text:
            return text, language
    return "", page
