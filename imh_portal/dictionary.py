"""A real dictionary of English and Spanish, so the speller never "corrects" a
word people use ("cries", "biting", "llora") just because no document has it.

The word lists come from wordfreq (frequencies of words across books, subtitles,
the web and more, for both languages). They are read on first use, only when a
query holds a word the library does not know, and kept for the process.
"""

from functools import cache

from imh_portal.words import fold

LANGUAGES = ("en", "es")
# Words seen less often than once in ten million are mostly typos and names.
MIN_FREQUENCY = 1e-7


@cache
def _known_words() -> frozenset[str]:
    from wordfreq import get_frequency_dict  # a heavy import, needed only here

    words: set[str] = set()
    for language in LANGUAGES:
        frequencies = get_frequency_dict(language, wordlist="large")
        words.update(
            fold(word)
            for word, frequency in frequencies.items()
            if frequency >= MIN_FREQUENCY and word.isalpha()
        )
    return frozenset(words)


def is_word(word: str) -> bool:
    """Whether ``word`` (any case, with or without accents) is English or Spanish."""
    return fold(word) in _known_words()
