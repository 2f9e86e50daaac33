"""Properties of search-text handling, checked against generated input:
normalising and rendering snippets (abbreviations and the rest of reading
a query need the database: test_query_plan.py).

These pure helpers get many examples. Every run is derandomized, so CI sees
the same examples each time, and no database of failing examples is kept.
"""

import html
import re

from hypothesis import example, given
from hypothesis import strategies as st

from imh_portal import search
from tests.imh_portal.search_strategies import (
    PURE,
    TRICKY_PIECES,
    any_text,
    with_edge_cases,
)

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
