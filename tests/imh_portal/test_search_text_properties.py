"""Properties of search-text handling, checked against generated input:
normalising, spelling out abbreviations and rendering snippets.

These pure helpers get many examples. Every run is derandomized, so CI sees
the same examples each time, and no database of failing examples is kept.
"""

import html
import re

from hypothesis import assume, example, given
from hypothesis import strategies as st

from imh_portal import search
from tests.imh_portal.search_strategies import (
    PURE,
    TRICKY_PIECES,
    abbreviation_in_any_case,
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


# --- Abbreviations -----------------------------------------------------------

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
