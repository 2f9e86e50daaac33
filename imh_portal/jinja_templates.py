"""The Jinja2 environment of the templates drawn many times a page: a search's
cards and its facet options (``templates/jinja2/``). Django's engine draws the
rest. A Jinja2 template here reads and prints as a Django one would:

- every printed value is localised and escaped as Django escapes it, so the
  same row gives the same HTML from either engine;
- the Django filters and helpers the cards use are here under their names;
- ``{{ _("text") }}`` translates, and ``makemessages`` finds it (it reads
  ``_("…")`` at the start of a ``{{ }}``); a message with values is
  ``{{ _("%(n)s away")|fill(n=…) }}``, the values escaped and the translated
  text trusted, as ``{% blocktranslate %}`` does.
"""

import functools

import jinja2
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat, join, truncatewords_html
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext

from imh_portal.templatetags.portal import handout_pick, phone_numbers, snippet
from imh_portal.templatetags.translated import lang_if_other, reader_summary, translated


def environment(**options) -> jinja2.Environment:
    # A missing attribute prints nothing, as in Django templates (a row not
    # found by words has no snippet), whatever DEBUG says.
    options["undefined"] = jinja2.Undefined
    # Always on, whatever the settings say: every value is escaped as printed.
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, finalize=_as_django_prints, **options)
    env.globals.update(
        _=gettext, get_language=get_language, handout_pick=handout_pick, url=_url
    )
    env.filters.update(
        date=date_format,
        fill=fill,
        floatformat=floatformat,
        intcomma=intcomma,
        join=join,
        lang_if_other=lang_if_other,
        phone_numbers=phone_numbers,
        reader_summary=reader_summary,
        snippet=snippet,
        translated=translated,
        truncatewords_html=_truncatewords_html,
    )
    return env


def _as_django_prints(value) -> SafeString:
    """Localised, then escaped with Django's escaping (``&#x27;``, not
    ``&#39;``), so that the output matches a Django template's to the byte."""
    if type(value) is str:  # most values: nothing to localise, escaped as Django does
        return escape(value)
    return conditional_escape(localize(value))


def _url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def fill(message: str, **values) -> SafeString:
    """A translated message with its ``%(name)s`` values, each escaped."""
    escaped = {name: _as_django_prints(value) for name, value in values.items()}
    # Safe: the message is the portal's own text; every value in it is escaped.
    return mark_safe(message % escaped)  # nosec B308, B703


def _truncatewords_html(value, words: int):
    if isinstance(value, SafeData):
        return _truncated_safe_html(str(value), words)
    return truncatewords_html(value, words)


# The same few service descriptions are cut on every directory card; cutting
# HTML means parsing it.
@functools.lru_cache(maxsize=512)
def _truncated_safe_html(html: str, words: int) -> SafeString:
    # Safe: cutting safe HTML at a word closes the tags it leaves open.
    return mark_safe(truncatewords_html(html, words))  # nosec B308, B703
