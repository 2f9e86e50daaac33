"""Full-text search helpers shared by the library and the directory.

Documents carry a stored, weighted ``tsvector`` built with the ``imh_search``
text-search configuration (English stemming with accents removed, created by
the ``imh_portal`` migrations). Queries use PostgreSQL's web-search syntax:
quoted phrases, ``or``, and ``-word``. The field's abbreviations are expanded
so that "PPD" also finds "postpartum depression". This module imports no app.
"""

import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db.models import F, Max, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "imh_search"
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Searchable rows carry ``search_sample = id % SAMPLE_RATE``; the rows with 0 are
# a fixed, indexed sample used to estimate counts of very large result sets.
SAMPLE_RATE = 32
# Spelling correction: shorter words are more often real words than typos, and
# only this many unknown words are looked up per query.
MIN_CORRECTED_LENGTH = 4
MAX_CORRECTED_WORDS = 3
CORRECTION_SIMILARITY = 0.3  # pg_trgm's own default; catches "slepe"

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
    """Words split on any whitespace, control characters dropped, each word once,
    at most ``MAX_QUERY_WORDS``; "" means no search.

    A repeated word adds nothing to the results but multiplies the work of
    highlighting them (PostgreSQL's ts_headline grows with the cube of the
    query's terms), so repeats are dropped and long queries cut.
    """
    if not text:
        return ""
    words = ["".join(ch for ch in word if ch.isprintable()) for word in text.split()]
    kept: list[str] = []
    seen: set[str] = set()
    for word in words:
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            kept.append(word)
    cleaned = " ".join(kept[:MAX_QUERY_WORDS])
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
    """The web-search query for ``text``, OR-ed with its spelled-out form.

    The text is normalised here too, so no caller can hand PostgreSQL a query
    with hundreds of repeated terms.
    """
    text = normalise_query(text)
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
    return mark_safe(  # nosec B308 B703
        escaped.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>")
    )


def fold(word: str) -> str:
    """Lower-case and strip accents, as the word-list triggers do."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def correct_spelling(text: str, words: QuerySet) -> str:
    """``text`` with misspelt words replaced by the closest known word, or "".

    ``words`` is a queryset of known words with ``word`` and ``documents``
    (``imh_portal.SearchWord``). Quoted phrases, negated words and operators are
    left alone. Returns "" when nothing was corrected.
    """
    candidates = _correctable_words(text)
    if not candidates:
        return ""
    known = set(words.filter(word__in=candidates).values_list("word", flat=True))
    replacements = {}
    for word in [word for word in candidates if word not in known][
        :MAX_CORRECTED_WORDS
    ]:
        closest = (
            words.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=CORRECTION_SIMILARITY)
            .order_by("-similarity", "-documents", "word")
            .values_list("word", flat=True)
            .first()
        )
        if closest:
            replacements[word] = closest
    if not replacements:
        return ""
    parts = text.split('"')
    for index in range(0, len(parts), 2):  # even parts are outside quotes
        parts[index] = re.sub(
            r"(?<![\w-])([^\W\d_]+)",
            lambda match: replacements.get(fold(match[1]), match[1]),
            parts[index],
        )
    return '"'.join(parts)


def _correctable_words(text: str) -> list[str]:
    outside_quotes = " ".join(text.split('"')[0::2])
    found = re.findall(r"(?<![\w-])([^\W\d_]+)", outside_quotes)
    words = []
    for word in found:
        folded = fold(word)
        if (
            len(folded) >= MIN_CORRECTED_LENGTH
            and folded not in SYNONYMS
            and folded not in words
        ):
            words.append(folded)
    return words


class SearchableQuerySet(QuerySet):
    """What faceted search needs of a model with ``search_vector``,
    ``search_sample``, ``published_at`` and ``updated_at`` columns."""

    def search(self, text: str):
        """Full-text matches for web-search ``text``, annotated with their rank."""
        query = search_query(text)
        return self.filter(search_vector=query).annotate(rank=search_rank(query))

    def sampled(self):
        """The fixed one-in-``SAMPLE_RATE`` sample used to estimate large counts."""
        return self.filter(search_sample=0)

    def newest_first(self):
        """Most recently published first."""
        return self.order_by("-published_at", "-pk")

    def stamp(self) -> str:
        """Changes whenever any row changes; part of search cache keys."""
        changed = self.aggregate(last=Max("updated_at"))["last"]
        return changed.isoformat() if changed else "empty"
