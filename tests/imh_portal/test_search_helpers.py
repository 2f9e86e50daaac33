import pytest

from imh_portal import search


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  baby   sleep ", "baby sleep"),
        ("!!! ??? ...", ""),
        ("", ""),
        (None, ""),
        ("crying\x00\x07 baby", "crying baby"),
    ],
)
def test_normalise_query_collapses_space_and_drops_text_without_words(raw, expected):
    assert search.normalise_query(raw) == expected


def test_abbreviations_are_spelled_out_as_phrases():
    assert search.expand_synonyms("PPD support") == '"postpartum depression" support'
    assert search.expand_synonyms("pcit") == '"parent-child interaction therapy"'


def test_hyphenated_abbreviations_win_over_their_shorter_prefix():
    assert search.expand_synonyms("IMH-E") == '"infant mental health endorsement"'


def test_abbreviations_inside_quotes_or_words_are_left_alone():
    assert search.expand_synonyms('"ppd clinic" pcitx') == '"ppd clinic" pcitx'
    assert search.expand_synonyms("grace") == "grace"  # contains "ace"


def test_a_negated_abbreviation_is_not_expanded():
    assert search.expand_synonyms("therapy -pcit") == "therapy -pcit"


def test_headline_snippets_escape_everything_but_the_marks():
    raw = "<script>alert(1)</script> \x02attachment\x03 & more"
    rendered = search.render_headline(raw)
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "<mark>attachment</mark>" in rendered
    assert "&amp; more" in rendered


def test_folding_lowers_case_and_strips_accents():
    assert search.fold("Bébé") == "bebe"
    assert search.fold("SUEÑO") == "sueno"
