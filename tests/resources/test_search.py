"""Search behaviours, one by one, on real PostgreSQL full-text search."""

import pytest

from imh_portal.query_plan import understand
from resources.models import Resource
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def titles(queryset) -> list[str]:
    return [resource.title for resource in queryset]


def search(text: str) -> list[str]:
    return titles(Resource.objects.published().search(text).order_by("-rank", "pk"))


def test_search_finds_other_forms_of_a_word_by_stemming():
    ResourceFactory(title="Building secure attachment")
    ResourceFactory(title="Feeding your newborn")
    assert search("attach") == ["Building secure attachment"]
    assert search("attachments") == ["Building secure attachment"]
    assert search("feeds") == ["Feeding your newborn"]


def test_search_ignores_accents_in_documents_and_queries():
    ResourceFactory(title="Guía para padres: el sueño del bebé")
    ResourceFactory(title="Naïve questions about crèche care")
    assert search("guia bebe") == ["Guía para padres: el sueño del bebé"]
    assert search("sueño") == ["Guía para padres: el sueño del bebé"]
    assert search("creche") == ["Naïve questions about crèche care"]


def test_search_ranks_title_matches_above_summary_above_description():
    ResourceFactory(
        title="A guide for families",
        summary="Nothing about it here.",
        description="Everything about soothing a crying baby.",
        slug="in-description",
    )
    ResourceFactory(
        title="Sleep and routines",
        summary="Ways of soothing a baby at night.",
        slug="in-summary",
    )
    ResourceFactory(title="Soothing a fussy baby", slug="in-title")
    ranked = Resource.objects.published().search("soothing").order_by("-rank")
    assert [resource.slug for resource in ranked] == [
        "in-title",
        "in-summary",
        "in-description",
    ]


def test_search_reaches_the_publisher_name():
    ResourceFactory(title="Parenting program", publisher="Erikson Institute")
    assert search("erikson") == ["Parenting program"]


def test_quoted_phrases_must_appear_in_that_order():
    ResourceFactory(title="Secure attachment in toddlers")
    ResourceFactory(title="Attachment is secure when needs are met")
    assert search('"secure attachment"') == ["Secure attachment in toddlers"]


def test_or_finds_either_word():
    ResourceFactory(title="Colic and crying")
    ResourceFactory(title="Night feeding")
    ResourceFactory(title="Play ideas")
    assert sorted(search("colic or feeding")) == ["Colic and crying", "Night feeding"]


def test_a_minus_sign_leaves_a_word_out():
    ResourceFactory(title="Sleep book for parents", kind=Resource.Kind.BOOK)
    ResourceFactory(title="Sleep video for parents")
    assert search("sleep -book") == ["Sleep video for parents"]


def test_abbreviations_find_the_spelled_out_words():
    ResourceFactory(title="Understanding postpartum depression")
    ResourceFactory(title="Parent-Child Interaction Therapy explained")
    ResourceFactory(title="Nurse-Family Partnership home visits")
    assert search("PPD") == ["Understanding postpartum depression"]
    assert search("pcit") == ["Parent-Child Interaction Therapy explained"]
    assert search("NFP") == ["Nurse-Family Partnership home visits"]


def test_abbreviations_still_find_documents_that_use_the_abbreviation():
    ResourceFactory(title="What is IECMHC?")
    assert search("iecmhc") == ["What is IECMHC?"]


def correct(text: str) -> str:
    return understand(text).suggestion


def test_a_typo_is_also_searched_as_the_closest_word_in_the_library():
    ResourceFactory(title="Attachment and bonding basics")
    ResourceFactory(title="Feeding your newborn")
    assert correct("atachment") == "attachment"
    assert search("atachment") == ["Attachment and bonding basics"]


def test_typos_are_corrected_against_words_of_summaries_too():
    ResourceFactory(title="A short guide", summary="Postpartum anxiety explained.")
    assert correct("postpartm anxiety") == "postpartum anxiety"


def test_corrections_keep_accents_out_and_known_words_as_they_are():
    ResourceFactory(title="Sueño del bebé", summary="Rutinas para dormir.")
    assert correct("sueno") == ""  # already known once accents are folded
    assert correct("rutinsa") == "rutinas"


def test_short_unknown_or_protected_words_are_not_corrected():
    ResourceFactory(title="Attachment and bonding basics")
    assert correct("ab") == ""
    assert correct("zebra crossing") == ""
    assert correct('"atachment styles"') == '"atachment styles"' or not correct(
        '"atachment styles"'
    )
    assert correct("bonding -atachment") == ""


def test_words_of_edited_resources_join_the_word_list():
    resource = ResourceFactory(title="Bonding basics")
    resource.title = "Kangaroo care basics"
    resource.save()
    assert correct("kangaro") == "kangaroo"


def test_search_only_covers_published_resources():
    ResourceFactory(title="Sleep draft", status=Resource.Status.DRAFT)
    ResourceFactory(title="Sleep in review", status=Resource.Status.IN_REVIEW)
    ResourceFactory(title="Sleep archived", status=Resource.Status.ARCHIVED)
    ResourceFactory(title="Sleep published")
    assert search("sleep") == ["Sleep published"]
    assert search("slepe") == ["Sleep published"]


def test_snippets_mark_the_matching_words():
    ResourceFactory(summary="Crying peaks around six weeks and then eases.")
    found = Resource.objects.published().search("cry")
    row = found.with_snippet(understand("cry")).get()
    assert "\x02Crying\x03" in row.snippet
