"""Every public page, walked as a visitor clicks through it, reads in its own
language: English at the root, Spanish under /es/.

Allowed in the other language: titles of resources, and names of
organisations, programs and people (taken from the content itself, plus the
program names below that guidance mentions in passing); on English pages, the
text of resources marked as Spanish (``lang="es"``) and the link to the
Spanish page.
"""

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from directory.models import Modality
from imh_portal.models import HelpLine
from resources.models import Resource

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.usefixtures("starter_content"),
]


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common words of one language that are not words of the other.
ENGLISH_WORDS = word_set(
    """the and of to your you with for is are this that what how from about
    more find help search our we they their when who it can will be by on at
    an or not all have was were here there which would should could if into
    out up other these those them than then its my page read call near child
    children baby babies family families parents parent resources resource
    providers provider guidance language free open close show see less back
    next previous where why each every one new only also just like"""
)
SPANISH_WORDS = word_set(
    """el los las del que para con una por su sus usted bebé niño niños niña
    cómo qué más está también pero muy esta este hijo hija ayuda buscar línea
    llame familia familias padres madre padre recursos proveedores guía
    inglés español aquí puede tiene sobre según cuando"""
)
# Programs, laws and credentials named in guidance and notes by their own names.
PROPER_NAMES = [
    "Part C",
    "Early Head Start",
    "Head Start",
    "Help Me Grow",
    "Circle of Security Parenting",
    "Circle of Security",
    "Center on the Developing Child",
    "ZERO TO THREE",
    "Vroom",
    "Milestone Tracker",
    "Learn the Signs. Act Early.",
    "HealthySteps",
    "Child First",
    "Nurse-Family Partnership",
    "Postpartum Support International",
    "National Maternal Mental Health Hotline",
    "Infant Mental Health Endorsement",
    "Endorsement",
    "State Baby Facts",
    "Fussy Baby Network",
    "Child-Parent Psychotherapy",
    "Parent-Child Interaction Therapy",
    "Facilitating Attuned Interactions",
    "Attachment and Biobehavioral Catch-up",
    "Competency Guidelines",
    "Sesame Street in Communities",
    "Baby's First Years",
    "Child Welfare Information Gateway",
    "Children's Bureau",
    "My NICU Baby",
    "The Whole-Brain Child",
    "Sigamos el Desarrollo",
    "HELP4U",
]
# Not prose: scripts, and code or keys a reader types exactly as shown.
SKIPPED_TAGS = {"script", "style", "template", "noscript", "pre", "code", "kbd"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
READ_ATTRIBUTES = ("alt", "aria-label", "placeholder", "title")


class VisibleText(HTMLParser):
    """The text a visitor sees or hears, each piece with its language; the
    inside of a closed <details> (but its <summary>) counts as unseen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.pieces: list[tuple[str, str]] = []
        self.page_language = ""

    def _language(self) -> str:
        for _tag, language, _hidden in reversed(self.stack):
            if language:
                return language
        return self.page_language

    def _hidden(self) -> bool:
        return any(hidden for _tag, _language, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang", "")
            return
        parent_closed_details = bool(self.stack) and self.stack[-1][0] == "details*"
        hidden = (
            tag in SKIPPED_TAGS
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "hreflang" in attributes
            or (parent_closed_details and tag != "summary")
        )
        marker = "details*" if tag == "details" and "open" not in attributes else tag
        language = attributes.get("lang")
        if not hidden and not self._hidden():
            for name in READ_ATTRIBUTES:
                if attributes.get(name):
                    self.pieces.append((attributes[name], language or self._language()))
        if tag in VOID_TAGS:
            return
        self.stack.append((marker, language, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0].rstrip("*") == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden():
            self.pieces.append((text, self._language()))


def words(text: str) -> list[str]:
    return re.findall(r"[a-záéíóúñü]+", text.lower())


def without_names(text: str, names: list[str]) -> str:
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    return text


def foreign_pieces(html: str, *, names: list[str], foreign: set[str]) -> list[str]:
    """Pieces of visible text that read as the other language."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    page = parser.page_language
    for text, language in parser.pieces:
        if page == "en" and language == "es":
            continue  # a resource marked as Spanish, or its title
        seen = words(without_names(text, names))
        hits = [word for word in seen if word in foreign]
        if len(set(hits)) >= 2 or (hits and len(seen) <= 3):
            found.append(text)
    return found


def known_names() -> list[str]:
    """Titles, publishers and authors of resources, and help lines' own names,
    longest first so a long name goes before a shorter one inside it."""
    names = set(PROPER_NAMES)
    for title, publisher, authors in Resource.objects.values_list(
        "title", "publisher", "authors"
    ):
        names |= {title, publisher, *authors.split(", ")}
    names |= set(HelpLine.objects.values_list("name_en", flat=True))
    names |= set(Modality.objects.values_list("name_en", flat=True))
    return sorted(filter(None, names), key=len, reverse=True)


# Pages that are the visitor's own without a form: their handout basket.
PERSONAL_PAGES = ("/handout/",)
# Addresses outside the English pages: the Spanish ones, the API and files.
NOT_PAGES = ("/es/", "/api/v1", "/api/hsds", "/api/docs", "/api/schema", "/static/")


def in_language(path: str, prefix: str) -> bool:
    if prefix:
        return path.startswith(prefix)
    return not path.startswith(NOT_PAGES)


def walk(client, start: str, prefix: str, extra: list[str]) -> dict[str, str]:
    """Every page reachable from ``start`` by links in the same language."""
    pages, queue, seen = {}, deque([start, *extra]), {start, *extra}
    while queue:
        path = queue.popleft()
        url = f"http://testserver{path}"
        response = client.get(url)
        assert response.status_code in (200, 302), (path, response.status_code)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages[path] = html
        # Nothing per visitor on a page that has no form to post: such a page
        # may be kept and shared (imh_portal.page_cache).
        assert response["Cache-Control"].startswith("public") or (
            'method="post"' in html or path.split("?")[0].endswith(PERSONAL_PAGES)
        ), (path, response["Cache-Control"])
        for href in re.findall(r'href="([^"]+)"', html):
            parts = urlsplit(urljoin(url, unescape(href)))
            if parts.netloc != "testserver":
                continue
            # A list's later pages, but not every combination of filters.
            page = parts.path + (
                f"?{parts.query}" if re.fullmatch(r"page=\d+", parts.query) else ""
            )
            if not in_language(parts.path, prefix) or page in seen:
                continue
            seen.add(page)
            queue.append(page)
    return pages


def foreign_on(pages: dict[str, str], **options) -> dict[str, list[str]]:
    """Each piece of other-language text, with the pages it is on."""
    found: dict[str, list[str]] = {}
    for url, html in pages.items():
        for piece in foreign_pieces(html, **options):
            found.setdefault(piece, []).append(url)
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{piece!r} on {urls[0]} and {len(urls) - 1} more"
        for piece, urls in sorted(found.items())
    )


SPANISH_EXTRA = [
    "/es/resources/?q=mi+bebe+llora+mucho",
    "/es/start/?age=0-12m&worries=crying&near=98101",
    "/es/directory/?near=98101",
    "/es/resources/?q=sleep",
]
ENGLISH_EXTRA = [
    "/resources/?q=my+baby+cries+all+the+time",
    "/start/?age=0-12m&worries=crying&near=98101",
    "/directory/?near=98101",
]


def alternate(html: str, language: str) -> str:
    found = re.search(
        rf'<link rel="alternate" hreflang="{language}" href="([^"]+)"', html
    )
    return unescape(found[1]) if found else ""


def names_itself(url: str, html: str, language: str) -> bool:
    """The page's hreflang link for its own language is its own address."""
    return alternate(html, language) == f"http://testserver{url}"


def test_every_spanish_page_reads_in_spanish(client):
    pages = walk(client, "/es/", "/es/", SPANISH_EXTRA)
    unnamed = [url for url, html in pages.items() if not names_itself(url, html, "es")]
    assert not unnamed
    # Each page's English version names it back as its Spanish version.
    unpaired = []
    for url, html in pages.items():
        english = client.get(alternate(html, "en"))
        if alternate(english.content.decode(), "es") != f"http://testserver{url}":
            unpaired.append(url)
    assert not unpaired
    names = known_names()
    assert len(pages) > 300, "the walk should reach every resource"
    english = foreign_on(pages, names=names, foreign=ENGLISH_WORDS)
    assert not english, report(english)


def test_every_english_page_reads_in_english(client):
    pages = walk(client, "/", "", ENGLISH_EXTRA)
    unnamed = [url for url, html in pages.items() if not names_itself(url, html, "en")]
    assert not unnamed
    names = known_names()
    assert len(pages) > 300
    spanish = foreign_on(pages, names=names, foreign=SPANISH_WORDS)
    assert not spanish, report(spanish)
