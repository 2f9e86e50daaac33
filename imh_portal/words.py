"""Words as search compares them: lower-cased, accents and apostrophes gone."""

import re
import unicodedata

_APOSTROPHES = re.compile(r"[’'`´]")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case and without accents ("Bebé" → "bebe"), as ``unaccent`` and
    the word-list triggers treat the documents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> list[str]:
    """The folded words of ``text``, in order. Apostrophes join ("won't" →
    "wont", as people type it on a phone); other punctuation separates."""
    return _WORD.findall(_APOSTROPHES.sub("", fold(text)))


def fold_words(text: str) -> str:
    """``text`` folded, its words joined by single spaces."""
    return " ".join(folded_words(text))
