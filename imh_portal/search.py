"""Full-text search helpers shared by the library and the directory.

Documents carry a stored, weighted ``tsvector``: English text is indexed with
the ``imh_search`` configuration and Spanish text with ``imh_search_es`` (each
stems its language after removing accents; both are created by the
``imh_portal`` migrations). A search text is first read into a plan
(``imh_portal.query_plan``): the words that count, and every way a document may
say each one, in either language. Documents match all of the plan's words, or
with ``match_any`` any of them, ranked by how many they cover.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import Case, F, FloatField, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from imh_portal.query_plan import QueryPlan, Slot, understand

SEARCH_CONFIG = "imh_search"
SPANISH_CONFIG = "imh_search_es"
CONFIGS = (SEARCH_CONFIG, SPANISH_CONFIG)
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Searchable rows carry ``search_sample = id % SAMPLE_RATE``; the rows with 0 are
# a fixed, indexed sample used to estimate counts of very large result sets.
SAMPLE_RATE = 32

_WORD_CHARACTER = re.compile(r"\w")
_HIGHLIGHT_START = "\x02"
_HIGHLIGHT_STOP = "\x03"


def weighted_vector(config: str) -> SearchVector:
    """A document's title (A), summary (B), description and publisher (C)."""
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("description", "publisher", weight="C", config=config)
    )


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


class StoredQuery(SearchQuery):
    """A text query PostgreSQL already built (``tsquery`` text), sent as a
    constant: the plan is read once, and each search reuses it."""

    def __init__(self, tsquery: str):
        super().__init__(tsquery)

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [self.source_expressions[0].value]


def _joined(queries: list[str], operator: str) -> str:
    return f" {operator} ".join(f"({query})" for query in queries)


def slot_query(slot: Slot) -> StoredQuery:
    """Documents that say what ``slot`` asks for, in any of its terms."""
    return StoredQuery(slot.tsquery)


def plan_query(plan: QueryPlan, *, match_any: bool) -> StoredQuery:
    """Documents with all of the plan's words (or any), none of its exclusions."""
    query = _joined([slot.tsquery for slot in plan.slots], "|" if match_any else "&")
    if plan.excluded_tsquery:
        query = f"({query}) & !({plan.excluded_tsquery})"
    return StoredQuery(query)


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


class SearchableQuerySet(QuerySet):
    """What faceted search needs of a model with ``search_vector``,
    ``search_sample``, ``published_at`` and ``updated_at`` columns."""

    def search(self, text: str, *, match_any: bool = False, stamp: str | None = None):
        """Rows that hold every word of ``text`` (or, with ``match_any``, any),
        annotated with ``coverage`` (how many of its words each holds) and
        ``rank`` (field weight and closeness of the matches). ``stamp`` is the
        data's (``stamp()``), when the caller has read it."""
        plan = understand(normalise_query(text), stamp=stamp)
        return self.search_plan(plan, match_any=match_any)

    def search_plan(self, plan: QueryPlan, *, match_any: bool = False):
        """``search`` for a plan already read."""
        if not plan.slots:
            # Only words to leave out ("-book"), or only stop words.
            found = (
                self.exclude(search_vector=StoredQuery(plan.excluded_tsquery))
                if plan.excluded_tsquery
                # Not none(): the facet counts compile this query to SQL.
                else self.filter(pk__isnull=True)
            )
            return found.annotate(coverage=Value(0.0), rank=Value(0.0))
        query = plan_query(plan, match_any=match_any)
        if match_any and len(plan.slots) > 1:
            coverage = sum(
                (
                    Case(
                        When(search_vector=slot_query(slot), then=Value(slot.weight)),
                        default=Value(0.0),
                        output_field=FloatField(),
                    )
                    for slot in plan.slots
                ),
                start=Value(0.0),
            )
        else:
            coverage = Value(sum(slot.weight for slot in plan.slots))
        # Field weight (title, summary, the rest) of every word found, counted
        # twice for the words as typed, and how close together those are.
        rank = SearchRank(F("search_vector"), query, normalization=1)
        if plan.typed_tsquery:
            typed = StoredQuery(plan.typed_tsquery)
            rank = (
                rank
                + 2 * SearchRank(F("search_vector"), typed, normalization=1)
                + SearchRank(F("search_vector"), typed, cover_density=True)
            )
        return self.filter(search_vector=query).annotate(coverage=coverage, rank=rank)

    def sampled(self):
        """The fixed one-in-``SAMPLE_RATE`` sample used to estimate large counts."""
        return self.filter(search_sample=0)

    def newest_first(self):
        """Most recently published first."""
        return self.order_by("-published_at", "-pk")

    def stamp(self) -> str:
        """Changes whenever any row, or the search vocabulary, changes; part of
        search cache keys. Read in one query: ``rows|vocabulary|content``.

        The content version (imh_portal.content_version) covers what the rows'
        own dates do not, such as a renamed topic in the facet labels; the
        dates cover a change not yet committed, as inside a test."""
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        with connections[self.db].cursor() as cursor:
            # The table name is the model's own, quoted; nothing else varies.
            cursor.execute(
                f"SELECT (SELECT max(updated_at) FROM {table}),"  # nosec B608
                " (SELECT max(updated_at) FROM imh_portal_concept),"
                " (SELECT count(*) FROM imh_portal_concept),"
                " (SELECT number FROM imh_portal_content_version WHERE id = 1)"
            )
            rows_changed, concepts_changed, concepts, content = cursor.fetchone()
        rows = rows_changed.isoformat() if rows_changed else "empty"
        vocabulary = concepts_changed.isoformat() if concepts_changed else "none"
        return f"{rows}|{vocabulary}/{concepts}|{content}"
