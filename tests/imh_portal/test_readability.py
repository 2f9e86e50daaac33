"""Reading grades of the texts families read, in English and in Spanish."""

from imh_portal.readability import is_plain, reading_grade


def test_short_plain_english_reads_below_grade_eight():
    assert is_plain("Call or text 988 any time. It is free. Someone will listen.")


def test_long_words_and_long_sentences_read_above_grade_eight():
    text = (
        "Comprehensive interdisciplinary consultation addresses multifactorial "
        "socioemotional vulnerabilities, strengthening organisational capacity "
        "through evidence-informed reflective supervision frameworks."
    )
    assert reading_grade(text) > 12
    assert not is_plain(text)


def test_plain_spanish_is_measured_as_spanish_and_reads_plainly():
    text = "Llame o envíe un texto al 988. Es gratis. Alguien le va a escuchar."
    assert is_plain(text, "es")
    hard = (
        "La intervención interdisciplinaria multifactorial proporciona "
        "herramientas metodológicas fundamentadas en investigaciones "
        "neurocientíficas contemporáneas sobre la regulación socioemocional."
    )
    assert not is_plain(hard, "es")


def test_empty_text_has_no_grade():
    assert reading_grade("   ") == 0.0
