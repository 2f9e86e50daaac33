"""The standard HSDS records follow and the words they use: English labels
for the portal's codes, ISO 639 language codes, ages in completed years."""

from collections.abc import Iterable
from functools import cache

from django.utils import translation

from directory.models import Accepting, CredentialKind, Payment
from imh_portal.vocabulary import LANGUAGES, AgeBand

HSDS_VERSION = "3.0"
# The portal publishes core HSDS 3.0 under no profile: the specification itself.
PROFILE_URI = "https://github.com/openreferral/specification/tree/3.0"
SAMPLE_NOTE = "Sample listing — not a real provider."

# Completed years of the children in each band; pregnancy counts as age 0.
AGE_YEARS: dict[str, tuple[int, int]] = {
    AgeBand.PRENATAL: (0, 0),
    AgeBand.MONTHS_0_12: (0, 0),
    AgeBand.MONTHS_12_24: (1, 1),
    AgeBand.MONTHS_24_36: (2, 2),
    AgeBand.YEARS_3_5: (3, 5),
}
# The portal's code for American Sign Language predates ISO 639-3's "ase".
ISO_LANGUAGE = {"asl": "ase"}
PORTAL_LANGUAGE = {iso: code for code, iso in ISO_LANGUAGE.items()}

VOCABULARIES = {
    "accepting": Accepting.choices,
    "age_band": AgeBand.choices,
    "credential": CredentialKind.choices,
    "language": LANGUAGES,
    "payment": Payment.choices,
}


def english(vocabulary: str) -> dict[str, str]:
    """One of ``VOCABULARIES``' labels in English, whatever language is active."""
    return _labels_in(vocabulary, "en")


def labels(vocabulary: str) -> dict[str, str]:
    """One of ``VOCABULARIES``' labels in the active language."""
    return _labels_in(vocabulary, translation.get_language() or "en")


@cache
def _labels_in(vocabulary: str, language: str) -> dict[str, str]:
    with translation.override(language):
        return {value: str(label) for value, label in VOCABULARIES[vocabulary]}


def english_labels(vocabulary: str, values: Iterable[str]) -> list[str]:
    names = english(vocabulary)
    return [names[value] for value in values if value in names]
