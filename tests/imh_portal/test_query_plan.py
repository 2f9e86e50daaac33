"""Reading a search text as a family types it: stop words, the vocabulary,
abbreviations, danger and spelling."""

import pytest

from imh_portal.query_plan import understand
from tests.factories import ConceptFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def typed(text: str) -> list[str]:
    return [slot.typed for slot in understand(text).slots]


@pytest.fixture
def vocabulary(db):
    ConceptFactory(
        name="Crying and colic",
        terms_en=["crying", "colic", "fussy baby", "cries all the time"],
        terms_es=["llanto", "llorar", "cólico"],
    )
    ConceptFactory(
        name="Speech and language",
        terms_en=["late talker", "speech delay", "not talking"],
        terms_es=["no habla", "retraso del habla"],
    )
    ConceptFactory(
        name="Suicidal thoughts",
        terms_en=["suicide", "want to die"],
        terms_es=["quiero morir", "no puedo más"],
        is_crisis=True,
    )
    ConceptFactory(
        name="Prematurity",
        terms_en=["nicu", "premature", "preemie"],
        terms_es=["prematuro"],
    )


def test_stop_words_of_either_language_never_become_words_to_find(vocabulary):
    assert typed("the baby and the sleep") == ["baby", "sleep"]
    assert typed("mi bebe y el sueño") == ["bebe", "sueno"]
    assert understand("the and of").slots == ()


def test_a_family_word_brings_every_term_of_its_concept_in_both_languages(
    vocabulary,
):
    (slot,) = understand("colic").slots
    assert slot.concept == "Crying and colic"
    assert {"crying", "fussy baby", "llanto", "cólico"} <= set(slot.terms)


def test_inflected_words_match_their_concept_through_stemming(vocabulary):
    assert understand("crying baby").slots[0].concept == "Crying and colic"
    assert understand("cries").slots[0].concept == "Crying and colic"
    assert understand("llora").slots[0].concept == "Crying and colic"


def test_the_longest_phrase_of_the_vocabulary_wins(vocabulary):
    plan = understand("my baby cries all the time")
    assert [slot.concept for slot in plan.slots] == ["", "Crying and colic"]
    assert typed("my baby cries all the time") == ["baby", "cries all the time"]


def test_a_spanish_phrase_maps_to_the_same_concept_as_english(vocabulary):
    assert understand("mi hijo no habla").slots[-1].concept == "Speech and language"
    assert understand("not talking").slots[0].concept == "Speech and language"


def test_an_abbreviation_is_spelled_out_and_joins_its_concept(vocabulary):
    (slot,) = understand("NICU").slots
    assert "neonatal intensive care" in slot.terms
    assert "preemie" in slot.terms
    assert slot.concept == "Prematurity"


@pytest.mark.parametrize(
    "text",
    [
        "i want to die",
        "suicide hotline",
        "no puedo más",
        "ya no puedo mas con mi bebe",
    ],
)
def test_words_that_signal_danger_mark_the_plan_as_a_crisis(vocabulary, text):
    assert understand(text).crisis


@pytest.mark.parametrize("text", ["colic", "no puedo dormir", "baby wont sleep"])
def test_everyday_worries_are_not_a_crisis(vocabulary, text):
    assert not understand(text).crisis


@pytest.mark.parametrize(
    "word", ["cries", "biting", "llora", "berrinches", "duerme", "wont", "doesnt"]
)
def test_the_speller_never_touches_a_word_of_the_dictionary(vocabulary, word):
    ResourceFactory(title="Billing for categories of care")
    plan = understand(word)
    assert plan.suggestion == ""
    assert all(not slot.correction for slot in plan.slots)


def test_a_word_nobody_knows_is_offered_as_the_closest_library_word(vocabulary):
    ResourceFactory(title="Secure attachment in the first year")
    plan = understand("atachment styles")
    assert plan.suggestion == "attachment styles"
    assert "attachment" in plan.slots[0].terms
    assert "atachment" in plan.slots[0].terms  # what was typed still counts


def test_a_misspelt_vocabulary_word_is_corrected_into_its_concept(vocabulary):
    plan = understand("colick")
    assert plan.suggestion == "colic"
    assert plan.slots[0].concept == "Crying and colic"


def test_quoted_phrases_and_excluded_words_are_kept_as_typed(vocabulary):
    plan = understand('"fussy baby" -colic')
    assert [(slot.typed, slot.exact) for slot in plan.slots] == [("fussy baby", True)]
    assert plan.slots[0].terms == ("fussy baby",)
    assert plan.excluded == ("colic",)


def test_or_joins_two_words_into_one_choice(vocabulary):
    (slot,) = understand("sleep or feeding").slots
    assert {"sleep", "feeding"} <= set(slot.terms)


def test_common_words_count_less_than_rare_ones(vocabulary):
    for number in range(6):
        ResourceFactory(title=f"Baby guide {number}", summary="For every baby.")
    ResourceFactory(title="Kangaroo care", summary="Skin to skin for a baby.")
    weights = {slot.typed: slot.weight for slot in understand("baby kangaroo").slots}
    assert weights["kangaroo"] == 1.0
    assert weights["baby"] < weights["kangaroo"]


def test_editing_the_vocabulary_changes_the_next_plan_at_once(vocabulary):
    assert understand("wakeful").slots[0].concept == ""
    ConceptFactory(name="Sleep", terms_en=["sleep", "wakeful"], terms_es=["sueño"])
    assert understand("wakeful").slots[0].concept == "Sleep"
