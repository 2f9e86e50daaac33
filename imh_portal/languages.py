"""The page's language lives in its address: English at the root, Spanish under
``/es/``. These helpers link each page to itself in the other language and
send a first visit to ``/`` to the language the browser asks for."""

from dataclasses import dataclass
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import redirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Marks the front page's answer: whether it is kept for everyone depends on the
# visitor's headers (imh_portal.page_cache asks first_visit_language again).
FIRST_VISIT_ATTRIBUTE = "decides_language_on_first_visit"


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str
    url: str


def _local_names() -> dict[str, str]:
    return {
        code: translation.get_language_info(code)["name_local"].capitalize()
        for code, _name in settings.LANGUAGES
    }


def page_languages(request) -> list[PageLanguage]:
    """This page in each language, or nothing when it has one language only
    (the admin, the API, a page that was not found)."""
    if request.resolver_match is None:
        return []
    path, _, query = request.get_full_path().partition("?")
    paths = _path_in_each_language(path, translation.get_language())
    if len(set(paths)) < len(paths):
        return []
    names = _local_names()
    return [
        PageLanguage(code, names[code], f"{address}?{query}" if query else address)
        for (code, _name), address in zip(settings.LANGUAGES, paths, strict=True)
    ]


@lru_cache(maxsize=1024)
def _path_in_each_language(path: str, language: str) -> tuple[str, ...]:
    """Resolving and reversing a path costs more than the rest of a small page;
    the answer depends only on the path and the page's language (which the
    path's prefix decides), and the query string rides along unchanged."""
    return tuple(translate_url(path, code) for code, _name in settings.LANGUAGES)


def _came_from_this_site(request) -> bool:
    referer = request.headers.get("referer", "")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


def first_visit_language(request) -> str:
    """The language a visitor arriving at ``/`` should get. Coming from one of
    our own pages means they chose English (the switcher, the site's name on
    an English page); otherwise one chosen before (the old language cookie),
    else the browser's."""
    if _came_from_this_site(request):
        return settings.LANGUAGE_CODE
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return translation.get_language_from_request(request)


def language_from_first_visit(view):
    """Send a first visit to the English front page on to the front page in
    the browser's language when that is another one we offer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if translation.get_language() != settings.LANGUAGE_CODE:
            return view(request, *args, **kwargs)
        wanted = first_visit_language(request)
        if wanted == settings.LANGUAGE_CODE:
            response = view(request, *args, **kwargs)
            setattr(response, FIRST_VISIT_ATTRIBUTE, True)
        else:
            with translation.override(wanted):
                response = redirect(request.resolver_match.view_name)
        # What first_visit_language reads.
        patch_vary_headers(response, ("Accept-Language", "Cookie", "Referer"))
        return response

    return wrapper
