"""Full-text search helpers shared by the library and the directory.

Documents carry a stored, weighted ``tsvector`` built with the ``imh_search``
text-search configuration (English stemming with accents removed, created by
the ``imh_portal`` migrations). Queries use PostgreSQL's web-search syntax:
quoted phrases, ``or``, and ``-word``. The field's abbreviations are expanded
so that "PPD" also finds "postpartum depression". This module imports no app.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "imh_search"
MAX_QUERY_LENGTH = 200
# Trigram fallback: below this length a "typo" is more likely a short word.
MIN_FUZZY_LENGTH = 4
FUZZY_THRESHOLD = 0.45

# Abbreviations families and professionals type, with what they stand for.
SYNONYMS: dict[str, str] = {
    "aces": "adverse childhood experiences",
    "ace": "adverse childhood experiences",
    "abc": "attachment and biobehavioral catch-up",
    "asq": "ages and stages questionnaire",
    "cos": "circle of security",
    "cos-p": "circle of security parenting",
    "cpp": "child-parent psychotherapy",
    "p-cpp": "perinatal child-parent psychotherapy",
    "dc:0-5": "diagnostic classification",
    "ei": "early intervention",
    "ecmh-e": "early childhood mental health endorsement",
    "fan": "facilitating attuned interactions",
    "hfa": "healthy families america",
    "hmg": "help me grow",
    "iecmh": "infant and early childhood mental health",
    "iecmhc": "infant and early childhood mental health consultation",
    "ifsp": "individualized family service plan",
    "imh": "infant mental health",
    "imh-e": "infant mental health endorsement",
    "miechv": "maternal infant and early childhood home visiting",
    "nfp": "nurse-family partnership",
    "nicu": "neonatal intensive care",
    "nmmhh": "national maternal mental health hotline",
    "pcit": "parent-child interaction therapy",
    "pmad": "perinatal mood and anxiety disorders",
    "pmads": "perinatal mood and anxiety disorders",
    "pmh-c": "perinatal mental health certification",
    "ppd": "postpartum depression",
    "psi": "postpartum support international",
    "rsc": "reflective supervision",
    "sids": "sudden infant death syndrome",
    "ztt": "zero to three",
}

_ABBREVIATION = re.compile(
    r"(?<![\w:-])(?P<word>"
    + "|".join(re.escape(word) for word in sorted(SYNONYMS, key=len, reverse=True))
    + r")(?![\w:-])",
    re.IGNORECASE,
)
_WORD_CHARACTER = re.compile(r"\w")
_HIGHLIGHT_START = "\x02"
_HIGHLIGHT_STOP = "\x03"


def normalise_query(text: str | None) -> str:
    """Collapse whitespace and drop control characters; "" means no search."""
    if not text:
        return ""
    cleaned = "".join(ch for ch in text if ch.isprintable())
    cleaned = " ".join(cleaned.split())
    return cleaned if _WORD_CHARACTER.search(cleaned) else ""


def expand_synonyms(text: str) -> str:
    """Spell out the field's abbreviations outside quotes and negations."""
    parts = text.split('"')
    for index in range(0, len(parts), 2):  # even parts are outside quotes
        parts[index] = _ABBREVIATION.sub(
            lambda match: f'"{SYNONYMS[match["word"].lower()]}"', parts[index]
        )
    return '"'.join(parts)


def search_query(text: str) -> SearchQuery:
    """The web-search query for ``text``, OR-ed with its spelled-out form."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    expanded = expand_synonyms(text)
    if expanded != text:
        query |= SearchQuery(expanded, search_type="websearch", config=SEARCH_CONFIG)
    return query


def search_rank(query: SearchQuery, vector: str = "search_vector") -> SearchRank:
    """Weighted rank: title (A) above summary (B) above the rest (C)."""
    return SearchRank(F(vector), query)


def search_headline(field: str, query: SearchQuery) -> SearchHeadline:
    """A snippet of ``field`` around the matches; render it with ``render_headline``."""
    return SearchHeadline(
        field,
        query,
        config=SEARCH_CONFIG,
        start_sel=_HIGHLIGHT_START,
        stop_sel=_HIGHLIGHT_STOP,
        # Summaries are short: show all of one, up to about 500 characters.
        max_words=90,
        min_words=40,
    )


def render_headline(snippet: str) -> SafeString:
    """Escape a headline snippet, then turn its match markers into ``<mark>``."""
    # Safe: every character of the snippet was escaped on the line above.
    escaped = escape(snippet)
    return mark_safe(
        escaped.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>")
    )


def fuzzy_text(text: str) -> str:
    """The part of a query worth a trigram look-up, or "" when it is too short."""
    words = [
        word
        for word in re.findall(r"[\w'-]+", text.replace('"', " "))
        if not word.startswith("-") and word.lower() != "or"
    ]
    joined = " ".join(words)
    return joined if len(joined) >= MIN_FUZZY_LENGTH else ""
