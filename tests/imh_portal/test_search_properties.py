"""Properties of search-text handling, checked against generated input.

Pure helpers get many examples; the database-backed properties run real
PostgreSQL full-text queries against a small fixed set of resources, so they
use fewer examples and no deadline. Every run is derandomized, so CI sees the
same examples each time, and no database of failing examples is kept.
"""

import html
import re

import pytest
from django.db import OperationalError, connection, transaction
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from imh_portal import search
from imh_portal.models import SearchWord
from resources.models import Resource
from tests.factories import ResourceFactory

PURE = settings(max_examples=300, derandomize=True, database=None)
WITH_DATABASE = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Pieces that stress the web-search parser, the escaping and the normaliser.
TRICKY_PIECES = [
    '"',
    '""',
    "-",
    " -",
    "or",
    "OR",
    " or ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",
    "\u200b",
    "\u3000",
    "\x00",
    "\x02",
    "\x03",
    "\x07",
    "\x1b[31m",
    "(",
    ")",
    "&",
    "|",
    "!",
    ":",
    ":*",
    "*",
    "<",
    ">",
    "<->",
    "<2>",
    "'",
    "\\",
    ";",
    "--",
    "%",
    "_",
    "...",
    "\ufffd",
    "👶🏽",
    "👨‍👩‍👧",
    "é",
    "ß",
    "ﬁ",
    "İ",
    "'); DROP TABLE resources_resource; --",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "<mark>",
    "&lt;",
    "baby",
    "Sleep",
    "attachment",
    "the",
    "a",
    "ppd",
    "PPD",
    "imh-e",
    "IMH-E",
    "dc:0-5",
    "cos-p",
    "-pcit",
    "ace",
    "98101",
]

tricky_text = st.lists(st.sampled_from(TRICKY_PIECES), max_size=30).map("".join)


def _repeat_to(length: int):
    return lambda piece: (piece * (length // len(piece) + 1))[:length]


# Ten thousand characters, far past what the search forms accept.
long_text = st.one_of(
    st.text(min_size=1, max_size=12),
    st.lists(st.sampled_from(TRICKY_PIECES), min_size=1, max_size=6).map("".join),
).map(_repeat_to(10_000))

any_text = st.one_of(st.text(max_size=300), tricky_text, long_text)

EDGE_CASES = [
    "",
    "-",
    "or",
    '"',
    '"""',
    "!!! ??? ...",
    "\x00",
    "baby\x00sleep",
    "'; DROP TABLE resources_resource; --",
    "<script>alert(1)</script>",
    "👶🏽",
    "x" * 10_000,
    "ppd " * 2_500,
    '"the the the"',
    "-ppd -",
    "dc:0-5",
]


def with_edge_cases(test):
    for text in EDGE_CASES:
        test = example(text)(test)
    return test


# --- Normalising -------------------------------------------------------------


@with_edge_cases
@given(any_text)
@PURE
def test_normalising_any_text_gives_tidy_printable_text_no_longer_than_it(raw):
    text = search.normalise_query(raw)

    assert isinstance(text, str)
    assert len(text) <= len(raw)
    assert text.isprintable()
    assert "\x00" not in text
    assert text == text.strip()
    assert "  " not in text
    assert text == "" or re.search(r"\w", text)


@with_edge_cases
@given(any_text)
@PURE
def test_normalising_twice_gives_the_same_text_as_normalising_once(raw):
    once = search.normalise_query(raw)
    assert search.normalise_query(once) == once


@given(
    st.text(alphabet=st.characters().filter(lambda c: not (c.isalnum() or c == "_")))
)
@PURE
def test_text_without_a_single_word_character_normalises_to_no_search(raw):
    assert search.normalise_query(raw) == ""


WORD = st.text(alphabet=st.characters(categories=["L", "Nd"]), min_size=1, max_size=10)
WHITESPACE = st.text(
    alphabet=st.sampled_from(
        [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2003", "\u3000"]
    ),
    min_size=1,
    max_size=3,
)


@example("crying", "\t", "baby")
@example("crying", "\n", "baby")
@example("crying", "\u00a0", "baby")  # a non-breaking space, pasted from a page
@example("crying", "\u3000", "baby")  # the space a Japanese keyboard types
@given(WORD, WHITESPACE, WORD)
@PURE
def test_words_separated_by_any_whitespace_stay_separate_words(first, gap, second):
    # "Collapse whitespace": a tab, a newline or a non-breaking space between two
    # words must not glue them into one word nobody wrote.
    # A word typed twice counts once.
    expected = first if first.casefold() == second.casefold() else f"{first} {second}"
    assert search.normalise_query(f"{first}{gap}{second}") == expected


# --- Abbreviations -----------------------------------------------------------

ABBREVIATIONS = sorted(search.SYNONYMS)

abbreviation_in_any_case = st.sampled_from(ABBREVIATIONS).flatmap(
    lambda word: st.tuples(
        *(st.sampled_from([ch.lower(), ch.upper()]) for ch in word)
    ).map("".join)
)
plain_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12
).filter(lambda word: word not in search.SYNONYMS)
separator = st.sampled_from([" ", ", ", "; ", " (", ") ", " / ", "! "])


@given(
    st.lists(st.one_of(plain_word, abbreviation_in_any_case), min_size=1, max_size=8),
    st.lists(separator, min_size=8, max_size=8),
)
@PURE
def test_expansion_spells_out_each_abbreviation_and_keeps_every_other_word(
    words, separators
):
    text = "".join(
        word + gap for word, gap in zip(words, separators, strict=False)
    ).strip()

    expanded = search.expand_synonyms(text)

    expected = "".join(
        (
            f'"{search.SYNONYMS[word.lower()]}"'
            if word.lower() in search.SYNONYMS
            else word
        )
        + gap
        for word, gap in zip(words, separators, strict=False)
    ).strip()
    assert expanded == expected
    # Every word that is not an abbreviation is still there, in order.
    plain = [word for word in words if word.lower() not in search.SYNONYMS]
    remaining = iter(re.findall(r"[a-z]+", expanded))
    assert all(word in remaining for word in plain)


@given(abbreviation_in_any_case, plain_word)
@PURE
def test_quoted_or_negated_abbreviations_are_kept_as_written(abbreviation, word):
    # "p" + "-cpp" or "ace" + "s" would spell another abbreviation.
    assume(f"{word}-{abbreviation}".lower() not in search.SYNONYMS)
    assume(f"{abbreviation}{word}".lower() not in search.SYNONYMS)
    for text in (
        f'"{abbreviation}"',
        f'"{word} {abbreviation}"',
        f"{word} -{abbreviation}",
        f"{word}-{abbreviation}",
        f"{abbreviation}{word}",
    ):
        assert search.expand_synonyms(text) == text


@given(st.text().filter(lambda text: not search._ABBREVIATION.search(text)))
@PURE
def test_text_without_abbreviations_is_not_expanded(text):
    assert search.expand_synonyms(text) == text


@given(abbreviation_in_any_case, any_text)
@PURE
def test_the_search_query_always_includes_the_text_as_written(abbreviation, rest):
    text = search.normalise_query(f"{abbreviation} {rest}")
    query = search.search_query(text)
    # The original text is the left side of the OR; the expansion the right.
    assert query.lhs.source_expressions[-1].value == text
    assert query.rhs.source_expressions[-1].value == search.expand_synonyms(text)


# --- Rendering snippets ------------------------------------------------------

snippet_text = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(TRICKY_PIECES + ["\x02baby\x03", "\x02sleep\x03"]),
        max_size=30,
    ).map("".join),
)


@given(snippet_text)
@PURE
def test_a_rendered_snippet_is_its_text_escaped_with_only_mark_tags_added(snippet):
    rendered = search.render_headline(snippet)
    without_marks = str(rendered).replace("<mark>", "").replace("</mark>", "")

    assert "<" not in without_marks
    assert ">" not in without_marks
    assert '"' not in without_marks
    assert "'" not in without_marks
    # Nothing lost, nothing added: unescaping gives back the text sans markers.
    expected = snippet.replace("\x02", "").replace("\x03", "")
    assert html.unescape(without_marks) == expected
    assert rendered.count("<mark>") == snippet.count("\x02")
    assert rendered.count("</mark>") == snippet.count("\x03")


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
        rows = list(library.search(text).with_snippet(text))
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
            title=f"About {search.SYNONYMS[abbreviation.lower()]} here"
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
def test_spelling_correction_of_any_text_never_fails_and_leaves_quotes_alone(
    library, raw
):
    text = search.normalise_query(raw)
    if not text:
        return
    with transaction.atomic():
        corrected = search.correct_spelling(text, SearchWord.objects)
    assert isinstance(corrected, str)
    if corrected:
        assert corrected != text
        assert corrected.count('"') == text.count('"')
        assert corrected.split('"')[1::2] == text.split('"')[1::2]


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
    assert search.correct_spelling(text, SearchWord.objects) == ""


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
            list(imh_library.search(text).with_snippet(text)[:20])
        except OperationalError as error:
            raise AssertionError(
                f"snippets for a {len(text)}-character query took over "
                f"{SNIPPET_BUDGET_MS} ms: {error}"
            ) from None
