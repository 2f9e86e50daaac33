"""Parts of pages kept in the cache, rendered once for every page that shows
them: a resource's or a listing's card, a search's filter panel.

``{% cached_include "jinja2/includes/resource_card.html" resource=resource %}`` is
an include whose output is kept under the release (a deployed change to a template
is never answered with the old one), the template, the page's language, today's
date, the content version (imh_portal.content_version: any committed edit
changes it) and what it is given. A row given is known by its model, primary
key and last change, with what a search added to it (the snippet of matched
words, the distance from the place searched). ``vary_on`` values (positional)
join the key too: a query's parameters, the page number left out.

A key names one rendering for good (anything that changes the output changes
the key), so each worker also keeps its most used fragments in its own memory
(``FRAGMENT_CACHE_LOCAL_ENTRIES``), in front of the shared cache.

A template named under ``jinja2/`` is drawn by the Jinja2 engine
(``imh_portal.jinja_templates``) and sees only the values it is given;
``{% jinja_include %}`` draws one without keeping it.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.db.models import Model
from django.http import QueryDict
from django.template import engines
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from imh_portal.content_version import current_content_version
from imh_portal.page_cache import release_fingerprint
from imh_portal.recently_used import RecentlyUsed

register = template.Library()

CACHE_ALIAS = "pages"
# What a search adds to a row it shows, so part of the row's card.
SEARCH_ADDITIONS = ("snippet", "distance")
JINJA2_DIRECTORY = "jinja2/"
# Where the version read for this request is kept (the page cache keeps it
# there too, when it read one).
VERSION_ATTRIBUTE = "_content_version"


def _content_version(context) -> int | None:
    """Read once per request (or per render, outside one)."""
    holder = context.get("request") or context
    if not hasattr(holder, VERSION_ATTRIBUTE):
        setattr(holder, VERSION_ATTRIBUTE, current_content_version())
    return getattr(holder, VERSION_ATTRIBUTE)


def _key_part(value) -> str:
    if isinstance(value, Model):
        changed = getattr(value, "updated_at", None)
        added = [str(getattr(value, name, "")) for name in SEARCH_ADDITIONS]
        return f"{value._meta.label}:{value.pk}:{changed}:{':'.join(added)}"
    if isinstance(value, Promise):  # a lazy translation: its text, not its id
        return str(value)
    if isinstance(value, QueryDict):
        kept = value.copy()
        kept.pop("page", None)
        return kept.urlencode()
    return repr(value)


def fragment_key(context, template_name: str, vary_on, values: dict) -> str | None:
    version = _content_version(context)
    if version is None:
        return None
    parts = [
        release_fingerprint(),
        template_name,
        translation.get_language(),
        timezone.localdate().isoformat(),
        str(version),
        *(_key_part(value) for value in vary_on),
        *(f"{name}={_key_part(value)}" for name, value in sorted(values.items())),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"fragment:{digest}"


recent_fragments = RecentlyUsed("FRAGMENT_CACHE_LOCAL_ENTRIES")


@register.simple_tag(takes_context=True)
def cached_include(context, template_name: str, *vary_on, **values):
    """``{% include template_name with values %}``, kept in the cache."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    key = fragment_key(context, template_name, vary_on, values) if seconds else None
    html = recent_fragments.recall(key, caches[CACHE_ALIAS]) if key else None
    if html is None:
        html = _render(context, template_name, values)
        if key:
            caches[CACHE_ALIAS].set(key, html, seconds)
            recent_fragments.put(key, html)
    # Safe: the output of one of our templates, escaped as it rendered.
    return mark_safe(html)  # nosec B308, B703


@register.simple_tag(takes_context=True)
def jinja_include(context, template_name: str, **values):
    """A Jinja2 template of ``templates/jinja2/``, given only ``values``."""
    # Safe: the output of one of our templates, escaped as it rendered.
    return mark_safe(_render(context, template_name, values))  # nosec B308, B703


def _render(context, template_name: str, values: dict) -> str:
    if template_name.startswith(JINJA2_DIRECTORY):
        jinja2 = engines["jinja2"]
        return jinja2.get_template(template_name.removeprefix(JINJA2_DIRECTORY)).render(
            values
        )
    included = context.template.engine.get_template(template_name)
    with context.push(**values):
        return included.render(context)
