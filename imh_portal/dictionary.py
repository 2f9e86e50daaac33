"""A real dictionary of English and Spanish: which words exist, and in which
language a word is mostly used.

The speller never "corrects" a word people use ("cries", "biting", "llora")
just because no document has it; and a word is matched to the vocabulary with
its own language's stemming, so the English "time" is not taken for a Spanish
word that stems the same way ("tímido").

The word lists come from wordfreq (frequencies of words across books,
subtitles, the web and more, for both languages). They are read once per
process, on first use.
"""

from functools import cache

from imh_portal.words import fold

LANGUAGES = ("en", "es")
# Words seen less often than once in ten million are mostly typos and names.
MIN_FREQUENCY = 1e-7
# A word used this many times more often in one language belongs to it.
DOMINANCE = 5


@cache
def _languages_of_words() -> dict[str, str]:
    """Each known folded word: "en", "es", or "" when both use it."""
    from wordfreq import get_frequency_dict  # a heavy import, needed only here

    english = get_frequency_dict("en", wordlist="large")
    spanish = get_frequency_dict("es", wordlist="large")
    frequencies: dict[str, list[float]] = {}
    for index, words in enumerate((english, spanish)):
        for word, frequency in words.items():
            if frequency >= MIN_FREQUENCY and word.isalpha():
                frequencies.setdefault(fold(word), [0.0, 0.0])[index] += frequency
    languages = {}
    for word, (in_english, in_spanish) in frequencies.items():
        if in_english >= DOMINANCE * in_spanish:
            languages[word] = "en"
        elif in_spanish >= DOMINANCE * in_english:
            languages[word] = "es"
        else:
            languages[word] = ""
    return languages


def warm() -> None:
    """Read the word lists now (a second or so), not during a visitor's search."""
    _languages_of_words()


def is_word(word: str) -> bool:
    """Whether ``word`` (any case, with or without accents) is English or Spanish."""
    return fold(word) in _languages_of_words()


def languages_of(word: str) -> frozenset[str]:
    """The languages ``word`` belongs to: one when it is mostly used in one,
    both when both use it or neither dictionary knows it."""
    language = _languages_of_words().get(fold(word), "")
    return frozenset([language]) if language else frozenset(LANGUAGES)
