import pytest

from imh_portal import search, words


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


def test_headline_snippets_escape_everything_but_the_marks():
    raw = "<script>alert(1)</script> \x02attachment\x03 & more"
    rendered = search.render_headline(raw)
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "<mark>attachment</mark>" in rendered
    assert "&amp; more" in rendered


def test_folding_lowers_case_and_strips_accents():
    assert words.fold("Bébé") == "bebe"
    assert words.fold("SUEÑO") == "sueno"


def test_words_are_folded_and_apostrophes_join_them():
    assert words.folded_words("Won't sleep, ¿bebé?") == ["wont", "sleep", "bebe"]
