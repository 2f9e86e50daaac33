"""A shared cache of the public pages as anonymous visitors get them.

A page is kept when nothing in it belongs to one visitor: the request carried no
session and no pending message, and the answer is an HTML 200 that sets no
cookie, holds no CSRF token (no form that posts) and was not marked private.
Such a page is the same for everyone who asks for the same address in the same
language, on the same day, while the content stays as it is. So its key is the
portal's release, the content version (imh_portal.content_version: it changes
with every committed edit, so an edit shows at once), today's date (listings
and resources leave by age), the language and the full address.

A kept page is answered before sessions, CSRF, authentication and the view run.
Kept pages tell shared caches in front (nginx, a CDN) they may keep them a few
seconds (``s-maxage``) and browsers to check back every time (``max-age=0``,
with an ``ETag`` that a 304 answers); every other HTML page is ``private``.
"""

import functools
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

from imh_portal.content_version import current_content_version
from imh_portal.languages import FIRST_VISIT_ATTRIBUTE, first_visit_language
from imh_portal.recently_used import RecentlyUsed

CACHE_ALIAS = "pages"
NOT_SHARED_ATTRIBUTE = "page_cache_not_shared"
# Headers a kept page keeps; the rest are added on every answer by the
# middlewares above this one (security headers) or belong to one visitor.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Link",
)


@dataclass(frozen=True)
class KeptPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    decides_first_visit_language: bool


def do_not_share(request) -> None:
    """Keep this answer out of the shared cache (e.g. a search that found
    nothing, which is counted each time it is made)."""
    setattr(request, NOT_SHARED_ATTRIBUTE, True)


@functools.cache
def release_fingerprint() -> str:
    """Changes with any deployed change to code, templates or translations, so
    a new release never answers with an old release's pages."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256(settings.STATIC_URL.encode())
    skipped = {".venv", "var", "tests", "bench", "node_modules", ".git", "static"}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in skipped)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo", ".toml")):
                digest.update(Path(folder, name).read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _visitor_may_share(request) -> bool:
    """Whether this request could be answered with the page everyone gets."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def _shareable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.META.get("CSRF_COOKIE_USED") or getattr(
        request, NOT_SHARED_ATTRIBUTE, False
    ):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-cache", "no-store"))


def _page_language(request) -> str:
    return (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


class SharedPageCacheMiddleware:
    """Answers anonymous visitors from the shared page cache; keeps pages that
    belong to nobody in particular. Sits above sessions, CSRF and auth."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Addresses that are never pages a visitor reads: no lookup for them.
        self.not_pages = (
            settings.STATIC_URL,
            f"/{settings.ADMIN_URL}",
            "/api/v1/",
            "/api/hsds/",
            "/api/schema/",
            "/healthz",
            "/readyz",
        )
        self._version = (None, 0.0)
        # The pages this process answered last, in front of the shared cache:
        # the same keys, so nothing here can be older than what Redis holds.
        self._recent = RecentlyUsed("PAGE_CACHE_LOCAL_PAGES")

    def __call__(self, request):
        may_share = _visitor_may_share(request) and not request.path.startswith(
            self.not_pages
        )
        seconds = settings.PAGE_CACHE_SECONDS
        key = self._key(request) if may_share and seconds else None
        if key is not None:
            kept = self._recent.recall(key, caches[CACHE_ALIAS])
            if kept is not None and not self._first_visit_goes_elsewhere(request, kept):
                return self._answer(request, kept)
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        patch_vary_headers(response, ("Cookie",))
        if may_share and _shareable(request, response):
            # Public and validated even when this server keeps nothing itself,
            # so a cache in front can keep it.
            kept = self._entry(response)
            if key is not None:
                lifetime = settings.PAGE_CACHE_QUERY_SECONDS if request.GET else seconds
                caches[CACHE_ALIAS].set(key, kept, lifetime)
                self._recent.put(key, kept)
            return self._answer(request, kept, fresh=response)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def _content_version(self) -> int | None:
        """The content version, read at most once per
        ``PAGE_CACHE_VERSION_SECONDS`` by this process: on a busy site most
        kept pages are then answered without the database."""
        version, read_at = self._version
        now = time.monotonic()
        if version is None or now - read_at >= settings.PAGE_CACHE_VERSION_SECONDS:
            version = current_content_version()
            self._version = (version, now)
        return version

    def _key(self, request) -> str | None:
        version = self._content_version()
        if version is None:
            return None
        # The fragments of the page, if it is rendered, use the same version.
        request._content_version = version
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        today = timezone.localdate().isoformat()
        language = _page_language(request)
        return f"page:{release_fingerprint()}:{version}:{today}:{language}:{address}"

    @staticmethod
    def _first_visit_goes_elsewhere(request, kept: KeptPage) -> bool:
        return (
            kept.decides_first_visit_language
            and first_visit_language(request) != settings.LANGUAGE_CODE
        )

    @staticmethod
    def _entry(response) -> KeptPage:
        first_visit = getattr(response, FIRST_VISIT_ATTRIBUTE, False)
        vary = ["Cookie"]
        if first_visit:
            vary += ["Accept-Language", "Referer"]
        # The language is in the address everywhere else, so only the front
        # page varies with the browser's language.
        headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
        headers.append(("Vary", ", ".join(vary)))
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        return KeptPage(bytes(response.content), tuple(headers), etag, first_visit)

    @staticmethod
    def _answer(request, kept: KeptPage, fresh=None):
        not_modified = get_conditional_response(request, etag=kept.etag)
        if not_modified is None:
            response = fresh if fresh is not None else HttpResponse(kept.content)
            # CommonMiddleware, below, sets it; a kept page never gets there.
            response["Content-Length"] = str(len(kept.content))
        else:
            response = not_modified
        for name, value in kept.headers:
            if name != "Content-Type" or not_modified is None:
                response[name] = value
        response["ETag"] = kept.etag
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SHARED_SECONDS}"
        )
        return response
