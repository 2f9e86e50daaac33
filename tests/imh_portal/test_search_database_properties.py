"""Properties of searching real PostgreSQL with generated text.

Full-text queries run against a small fixed set of resources, so these use
fewer examples than the pure helpers and no deadline. Every run is
derandomized, so CI sees the same examples each time, and no database of
failing examples is kept.
"""

import html
import re

import pytest
from django.db import OperationalError, connection, transaction
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from imh_portal import search
from imh_portal.query_plan import ABBREVIATIONS as SPELLED_OUT
from imh_portal.query_plan import understand
from resources.models import Resource
from tests.factories import ResourceFactory
from tests.imh_portal.search_strategies import (
    ABBREVIATIONS,
    TRICKY_PIECES,
    WITH_DATABASE,
    abbreviation_in_any_case,
    any_text,
    tricky_text,
    with_edge_cases,
)

# --- Real PostgreSQL ---------------------------------------------------------

LIBRARY_WORDS = ["attachment", "baby", "sleep", "crying", "security", "parents"]
LIBRARY_WORDS += ["infant", "mental", "health", "drop", "script", "bold", "sueno"]
# Space-separated words, some of which the library holds, so that rows match.
library_query = st.builds(
    lambda words, joiner: joiner.join(words),
    st.lists(
        st.one_of(
            st.sampled_from(LIBRARY_WORDS),
            st.sampled_from(ABBREVIATIONS),
            st.sampled_from(TRICKY_PIECES),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([" ", " or ", " OR ", ' "', " -", "<", "&"]),
)
database_text = st.one_of(any_text, library_query, library_query)

SUMMARIES = [
    "Ways to build attachment with your baby. <script>alert(1)</script> & more.",
    'Help for PPD ("postpartum depression") and anxiety; call 1-800-555-0100.',
    "Baby sleep: naps, night waking & <b>bold</b> claims, 'single' and \"double\".",
    "COS-P groups for parents. 👶🏽 Accents too: bébé, sueño, crèche.",
    "Infant mental health endorsement (IMH-E®) for professionals; DC:0-5 training.",
    "'; DROP TABLE resources_resource; -- or 1=1 <-> & | ! :* <mark>not ours</mark>",
    " ".join(["Attachment, sleep and feeding for a crying baby."] * 10),
]


@pytest.fixture
def library(db):
    """A handful of published resources with awkward text, and one draft."""
    titles = [
        "Building secure attachment",
        "Postpartum depression support",
        "Sleep and routines",
        "Circle of Security parenting",
        "IMH-E endorsement",
        "SQL-looking text",
        "A very long summary",
    ]
    for title, summary in zip(titles, SUMMARIES, strict=True):
        ResourceFactory(title=title, summary=summary, description=summary)
    ResourceFactory(
        title="Draft about baby sleep",
        summary="Not published yet.",
        status=Resource.Status.DRAFT,
    )
    return Resource.objects.published()


@with_edge_cases
@given(database_text)
@WITH_DATABASE
def test_searching_for_any_normalised_text_never_fails(library, raw):
    text = search.normalise_query(raw)
    if not text:
        return  # the views do not search at all for ""
    # A savepoint per example: a database error fails this example alone.
    with transaction.atomic():
        found = list(library.search(text).order_by("-rank", "pk"))
        assert library.search(text).count() == len(found)
        assert all(row.rank >= 0 for row in found)
        assert all(row.status == Resource.Status.PUBLISHED for row in found)


@with_edge_cases
@given(st.one_of(library_query, tricky_text))
@settings(WITH_DATABASE, max_examples=100)
def test_snippets_for_any_accepted_text_escape_everything_but_their_marks(library, raw):
    text = search.normalise_query(raw)
    if not text or len(text) > search.MAX_QUERY_LENGTH:
        return  # the search forms refuse longer text, so no snippet is made
    with transaction.atomic():
        rows = list(library.search(text).with_snippet(understand(text)))
    event("snippets", len(rows))
    for row in rows:
        rendered = str(search.render_headline(row.snippet))
        tags = re.findall(r"</?mark>", rendered)
        assert tags == ["<mark>", "</mark>"] * (len(tags) // 2), "marks pair up"
        without_marks = rendered.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in without_marks
        assert ">" not in without_marks
        # PostgreSQL drops the summary's own tags from a headline; every word
        # left is a word of the summary.
        words = set(re.findall(r"\w+", html.unescape(without_marks)))
        assert words <= set(re.findall(r"\w+", row.summary))


@given(abbreviation_in_any_case)
@WITH_DATABASE
def test_an_abbreviation_finds_both_its_own_text_and_its_spelled_out_form(
    db, abbreviation
):
    with transaction.atomic():
        written = ResourceFactory(title=f"About {abbreviation.upper()} here")
        spelled = ResourceFactory(
            title=f"About {SPELLED_OUT[abbreviation.lower()]} here"
        )
        found = set(
            Resource.objects.published()
            .search(abbreviation)
            .values_list("pk", flat=True)
        )
        assert {written.pk, spelled.pk} <= found
        transaction.set_rollback(True)


@with_edge_cases
@given(database_text)
@WITH_DATABASE
def test_reading_any_text_never_fails_and_suggests_only_outside_quotes(library, raw):
    text = search.normalise_query(raw)
    if not text:
        return
    with transaction.atomic():
        suggestion = understand(text).suggestion
    assert isinstance(suggestion, str)
    if suggestion:
        assert suggestion != text
        assert suggestion.count('"') == text.count('"')
        assert suggestion.split('"')[1::2] == text.split('"')[1::2]


@given(
    st.lists(
        st.sampled_from(["attachment", "sleep", "routines", "parenting", "security"]),
        min_size=1,
        max_size=5,
    )
)
@WITH_DATABASE
def test_text_made_only_of_known_words_is_never_corrected(library, words):
    text = " ".join(words)
    assert understand(text).suggestion == ""


# A summary like many in an infant mental health library: the field's own
# abbreviations and what they stand for, a few times over.
IMH_SUMMARY = (
    "Infant mental health (IMH) consultation supports the adults around a baby. "
    "This guide explains the IMH-E endorsement, how infant mental health "
    "specialists work with families, what infant mental health mentors do, and "
    "where home visitors and early intervention teams can find reflective "
    "supervision. It links to state associations for infant mental health and to "
    "the IMH-E competency guidelines."
)
SNIPPET_BUDGET_MS = 2_000


@pytest.fixture
def imh_library(db):
    """A full page of results about infant mental health."""
    for number in range(20):
        ResourceFactory(
            title=f"Infant mental health guide {number}", summary=IMH_SUMMARY
        )
    return Resource.objects.published()


def _up_to_the_form_limit(words: list[str]) -> str:
    text = " ".join(words)
    while len(text) > search.MAX_QUERY_LENGTH:
        text = text.rsplit(" ", 1)[0]
    return text


QUERY_WORDS = ABBREVIATIONS + ["IMH-E", "infant", "mental", "health", "baby", "or"]
QUERY_WORDS += ["-imh", '"imh']
accepted_query = st.one_of(
    st.lists(st.sampled_from(QUERY_WORDS), min_size=1, max_size=60),
    # The same few words again and again: the costly case for headlines.
    st.builds(
        lambda words, times: words * times,
        st.lists(st.sampled_from(QUERY_WORDS), min_size=1, max_size=3),
        st.integers(2, 60),
    ),
).map(_up_to_the_form_limit)


@example(" ".join(["imh-e"] * 33))  # 197 characters: about 24 s without a limit
@example(" ".join(["imh"] * 49))
@given(accepted_query)
@settings(WITH_DATABASE, max_examples=20)
def test_a_page_of_snippets_for_any_accepted_query_takes_under_two_seconds(
    imh_library, text
):
    # The library page builds a snippet for each of its 20 rows; a query the
    # search form accepts must not keep the database busy for long.
    assert len(text) <= search.MAX_QUERY_LENGTH
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {SNIPPET_BUDGET_MS}")
        try:
            list(imh_library.search(text).with_snippet(understand(text))[:20])
        except OperationalError as error:
            raise AssertionError(
                f"snippets for a {len(text)}-character query took over "
                f"{SNIPPET_BUDGET_MS} ms: {error}"
            ) from None
