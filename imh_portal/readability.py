"""How hard a text is to read, as a school grade, in English and in Spanish.

English uses the Flesch-Kincaid grade. Flesch-Kincaid counts syllables with
English weights, so it rates plain Spanish several grades too hard; Spanish
uses the Fernández-Huerta reading ease instead, turned into a grade with its
published scale (70–80 "fairly easy" is about sixth grade, 60–70 "normal" about
seventh to eighth). Syllables come from Pyphen's bundled hyphenation
dictionaries, so nothing is downloaded.
"""

from functools import cache

from textstat.textstat import textstatistics

# Parents read summaries at this grade or below, as health-literacy guidance asks.
PLAIN_GRADE = 8

# Fernández-Huerta reading ease → the school grade its scale names.
_SPANISH_SCALE = ((90, 4), (80, 5), (70, 6), (60, 8), (50, 10), (30, 13))
_SPANISH_HARDEST = 16


@cache
def _statistics(language: str) -> textstatistics:
    statistics = textstatistics()
    statistics.set_lang(language)
    return statistics


def reading_grade(text: str, language: str = "en") -> float:
    """The school grade a reader needs for ``text`` in ``language`` (en or es)."""
    if not text.strip():
        return 0.0
    if language == "es":
        ease = _statistics("es").fernandez_huerta(text)
        for floor, grade in _SPANISH_SCALE:
            if ease >= floor:
                return float(grade)
        return float(_SPANISH_HARDEST)
    return float(_statistics("en").flesch_kincaid_grade(text))


def is_plain(text: str, language: str = "en") -> bool:
    """Whether ``text`` reads at ``PLAIN_GRADE`` or below."""
    return reading_grade(text, language) <= PLAIN_GRADE
