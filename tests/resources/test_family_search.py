"""The library found the way families type: close matches when no resource
has every word, the vocabulary, Spanish as Spanish, danger first, and the same
answer from the page and the API."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from imh_portal.models import FailedSearch, HelpLine, SearchMiss
from resources.models import Resource
from tests.factories import (
    ConceptFactory,
    HelpLineFactory,
    ResourceFactory,
    RoleFactory,
    TopicFactory,
)
from tests.pages import reverse_in

pytestmark = pytest.mark.django_db


def page_slugs(client, text: str, language: str = "en", **params) -> list[str]:
    url = reverse_in(language, "resources:list")
    response = client.get(url, {"q": text, **params})
    return [row.slug for row in response.context["results"].page]


def api_slugs(client, text: str, **params) -> list[str]:
    answer = client.get(reverse("api:resource-list"), {"q": text, **params}).json()
    return [row["slug"] for row in answer["results"]]


@pytest.fixture
def crying_library(db):
    ConceptFactory(
        name="Crying and colic",
        terms_en=["crying", "colic", "cries"],
        terms_es=["llanto", "llorar", "cólico"],
    )
    return {
        "soothing": ResourceFactory(
            slug="soothing",
            title="Soothing a crying baby",
            summary="Why babies cry and ways to calm them.",
        ),
        "purple": ResourceFactory(
            slug="purple",
            title="The period of purple crying",
            summary="Crying peaks in the second month, then eases.",
        ),
        "sleep": ResourceFactory(
            slug="sleep",
            title="Baby sleep basics",
            summary="Naps, nights and the time a baby needs to rest.",
        ),
        "llanto": ResourceFactory(
            slug="llanto",
            title="¿Cómo calmar a un bebé que llora?",
            summary="Ideas para calmar el llanto de su bebé.",
            languages=["es"],
        ),
    }


def test_a_sentence_finds_close_matches_when_no_resource_has_every_word(
    client, crying_library
):
    response = client.get(
        reverse("resources:list"), {"q": "my baby cries all the time"}
    )
    results = response.context["results"]
    shown = [row.slug for row in results.page]
    assert {"soothing", "purple"} <= set(shown[:3])
    assert results.relaxed
    assert "closest matches" in response.content.decode() or results.all_words_total


def test_resources_holding_more_of_the_words_come_first(client, crying_library):
    ResourceFactory(slug="nights", title="Long nights", summary="Nothing else.")
    shown = page_slugs(client, "crying baby nights sleep")
    # crying + baby + sleep beats crying + baby beats nights alone.
    assert shown.index("sleep") < shown.index("nights")
    assert shown.index("soothing") < shown.index("nights")


def test_the_page_says_plainly_when_no_resource_has_all_the_words(
    client, crying_library
):
    response = client.get(reverse("resources:list"), {"q": "colic zebra"})
    assert response.context["results"].no_result_has_all_words
    assert "No resource has all of your words" in response.content.decode()


def test_every_word_found_keeps_the_strict_search(client, crying_library):
    for number in range(5):
        ResourceFactory(title=f"Crying guide {number}", summary="About crying babies.")
    results = client.get(reverse("resources:list"), {"q": "crying"}).context["results"]
    assert not results.relaxed


def test_a_family_word_finds_resources_that_use_the_field_word(client, crying_library):
    assert set(page_slugs(client, "colic")) == {"soothing", "purple", "llanto"}


def test_a_spanish_word_finds_english_and_spanish_resources_through_the_vocabulary(
    client, crying_library
):
    assert {"soothing", "purple", "llanto"} <= set(page_slugs(client, "llanto"))


def test_spanish_text_is_stemmed_as_spanish_and_accents_do_not_matter(client):
    ResourceFactory(
        slug="dormir",
        title="Cuando el bebé no duerme",
        summary="Rutinas para dormir mejor.",
        languages=["es"],
    )
    assert page_slugs(client, "bebe") == ["dormir"]
    assert page_slugs(client, "rutina") == ["dormir"]


def test_the_visitors_language_ranks_first_without_hiding_the_rest(
    client, crying_library
):
    shown = page_slugs(client, "cólico")
    in_spanish = page_slugs(client, "cólico", language="es")
    assert in_spanish[0] == "llanto"
    assert set(in_spanish) == set(shown) == {"soothing", "purple", "llanto"}


def test_topic_audience_and_kind_names_are_searchable(client):
    sleep = TopicFactory(name="Sleep and rest", slug="sleep-rest")
    fathers = RoleFactory(name="Fathers and partners", slug="fathers")
    ResourceFactory(slug="by-topic", title="Nights", topics=[sleep])
    ResourceFactory(slug="by-audience", title="For you", audiences=[fathers])
    ResourceFactory(slug="a-book", title="Reading", kind=Resource.Kind.BOOK)
    assert page_slugs(client, "sleep") == ["by-topic"]
    assert page_slugs(client, "fathers") == ["by-audience"]
    assert page_slugs(client, "books") == ["a-book"]


def test_renaming_a_topic_renames_what_finds_its_resources(client):
    topic = TopicFactory(name="Sleep", slug="sleep")
    ResourceFactory(slug="nights", title="Nights", topics=[topic])
    topic.name = "Rest and naps"
    topic.save()
    assert page_slugs(client, "naps") == ["nights"]
    assert page_slugs(client, "sleep") == []


@pytest.mark.parametrize(
    "text",
    ["i want to hurt my baby", "suicide", "no puedo más", "postpartum psychosis"],
)
def test_words_of_danger_put_the_help_lines_above_everything_on_the_page(client, text):
    ConceptFactory(
        name="Danger",
        terms_en=["hurt my baby", "suicide", "postpartum psychosis"],
        terms_es=["no puedo más"],
        is_crisis=True,
    )
    HelpLineFactory(name="988 Suicide & Crisis Lifeline", phone="988")
    HelpLine.objects.exclude(name__startswith="988").delete()
    html = client.get(reverse("resources:list"), {"q": text}).content.decode()
    main = html[html.index("<main") :]
    assert 'class="crisis-lines"' in main
    assert main.index('class="crisis-lines"') < main.index("<h1")
    assert 'href="tel:988"' in main[: main.index("<h1")]


def test_words_of_danger_put_the_help_lines_first_in_the_api(api):
    ConceptFactory(name="Danger", terms_en=["want to die"], is_crisis=True)
    HelpLineFactory(name="988 Suicide & Crisis Lifeline", phone="988")
    answer = api.get(reverse("api:resource-list"), {"q": "i want to die"}).json()
    assert "988 Suicide & Crisis Lifeline" in [
        line["name"] for line in answer["help_now"]
    ]
    assert list(answer).index("help_now") < list(answer).index("results")
    calm = api.get(reverse("api:resource-list"), {"q": "sleep"}).json()
    assert calm["help_now"] is None


def test_a_misspelling_offers_did_you_mean_beside_what_was_found(client):
    ResourceFactory(slug="attachment", title="Secure attachment")
    response = client.get(reverse("resources:list"), {"q": "atachment"})
    html = response.content.decode()
    assert "Did you mean" in html
    assert "?q=attachment" in html
    assert [row.slug for row in response.context["results"].page] == ["attachment"]


def test_a_dictionary_word_is_never_replaced(client):
    ResourceFactory(slug="billing", title="Billing for categories of care")
    for text in ("biting", "cries"):
        response = client.get(reverse("resources:list"), {"q": text})
        assert response.context["results"].suggestion == ""
        assert "Did you mean" not in response.content.decode()


PAGE_AND_API_QUERIES = [
    "my baby cries all the time",
    "colic",
    "crying",
    "baby sleep",
    "llanto",
    "mi bebé llora mucho",
    "cómo calmar a un bebé",
    "purple crying",
    "sleep",
    "baby",
    "atachment",
    "slepe",
    "baby blues",
    "nights and naps",
    "why does my baby cry",
    "crying -purple",
    '"purple crying"',
    "crying or sleep",
    "time",
    "second month",
    "ways to calm",
    "calm",
    "calmar",
    "bebe",
    "rest",
    "naps",
    "eases",
    "period",
    "peaks",
    "the",
    "basics",
    "crying baby sleep time",
    "soothe",
    "soothing baby",
    "what to do when baby cries",
    "cries at night",
    "colicky",
    "fussy",
    "llora",
    "llorar",
    "cólico",
    "dormir",
    "baby wont stop crying",
    "crying for hours",
    "sleep basics",
    "how much sleep does a baby need",
    "newborn crying",
    "crying peaks",
    "purple",
    "ideas para calmar",
]


def test_the_page_and_the_api_show_the_same_resources_for_fifty_queries(
    client, crying_library
):
    for number in range(12):
        ResourceFactory(
            title=f"Crying and sleep guide {number}",
            summary="Crying, sleep and time with a baby.",
        )
    assert len(PAGE_AND_API_QUERIES) == 50
    for text in PAGE_AND_API_QUERIES:
        assert page_slugs(client, text) == api_slugs(client, text), text


def test_results_are_the_same_on_every_reload(client):
    for _ in range(8):
        ResourceFactory(title="Attachment basics", summary="The same words.")
    first = api_slugs(client, "atachment basics")
    for _ in range(3):
        assert api_slugs(client, "atachment basics") == first
    # Equal matches: the newest first, then by key.
    assert first == sorted(first, key=lambda slug: -int(slug.split("-")[1]))


def test_searches_that_found_nothing_or_only_part_are_counted_without_the_visitor(
    client, api, crying_library
):
    client.get(reverse("resources:list"), {"q": "zebra stripes"})
    client.get(reverse("resources:list"), {"q": "zebra stripes"})
    client.get(reverse("resources:list"), {"q": "colic zebra"})
    api.get(reverse("api:resource-list"), {"q": "zebra stripes"})
    client.get(reverse("resources:list"), {"q": "colic"})  # found: not counted
    client.get(reverse("resources:list"), {"q": "zebra", "kind": "book"})
    rows = {
        (miss.text, miss.outcome): miss.searches for miss in SearchMiss.objects.all()
    }
    assert rows == {
        ("zebra stripes", SearchMiss.Outcome.NOTHING): 3,
        ("colic zebra", SearchMiss.Outcome.PARTIAL): 1,
    }
    fields = {field.name for field in SearchMiss._meta.get_fields()}
    assert fields == {"id", "text", "language", "outcome", "day", "searches"}


def test_curators_see_failed_searches_most_frequent_first(curator_client):
    today = timezone.localdate()
    SearchMiss.objects.create(text="rare", language="en", outcome="nothing", day=today)
    SearchMiss.objects.create(
        text="often", language="es", outcome="partial", day=today, searches=4
    )
    SearchMiss.objects.create(
        text="often",
        language="es",
        outcome="nothing",
        day=today - datetime.timedelta(days=1),
        searches=2,
    )
    response = curator_client.get(reverse("admin:imh_portal_failedsearch_changelist"))
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(row.text, row.searches, row.found_nothing) for row in rows] == [
        ("often", 6, 2),
        ("rare", 1, 1),
    ]
    assert "Add a synonym" in response.content.decode()


def test_one_click_from_a_failed_search_adds_a_synonym_and_clears_it(curator_client):
    concept = ConceptFactory(name="Crying", terms_en=["crying"], terms_es=["llanto"])
    SearchMiss.objects.create(text="berrinche", language="es", outcome="nothing")
    failed = FailedSearch.objects.get(text="berrinche")
    url = reverse("admin:imh_portal_failedsearch_synonym", args=[failed.pk])
    form = curator_client.get(url)
    assert form.context["form"].initial == {"words": "berrinche", "language": "es"}
    response = curator_client.post(
        url, {"concept": concept.pk, "words": "berrinche", "language": "es"}
    )
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.terms_es == ["llanto", "berrinche"]
    assert not SearchMiss.objects.filter(text="berrinche").exists()


def test_only_those_who_may_edit_the_vocabulary_can_add_a_synonym(
    moderator_client, client
):
    SearchMiss.objects.create(text="berrinche", language="es", outcome="nothing")
    failed = FailedSearch.objects.get(text="berrinche")
    url = reverse("admin:imh_portal_failedsearch_synonym", args=[failed.pk])
    assert moderator_client.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the admin's log-in page


def test_a_synonym_with_no_words_is_refused_and_changes_nothing(curator_client):
    concept = ConceptFactory(name="Crying", terms_en=["crying"])
    SearchMiss.objects.create(text="berrinche", language="es", outcome="nothing")
    failed = FailedSearch.objects.get(text="berrinche")
    url = reverse("admin:imh_portal_failedsearch_synonym", args=[failed.pk])
    response = curator_client.post(
        url, {"concept": concept.pk, "words": "", "language": "es"}
    )
    assert response.status_code == 200
    assert "words" in response.context["form"].errors
    concept.refresh_from_db()
    assert concept.terms_es == []
    assert SearchMiss.objects.filter(text="berrinche").exists()


def test_counts_older_than_ninety_days_are_purged(settings):
    today = timezone.localdate()
    for age in (0, 90, 91, 400):
        SearchMiss.objects.create(
            text=f"age {age}",
            language="en",
            outcome="nothing",
            day=today - datetime.timedelta(days=age),
        )
    call_command("purge_search_misses", stdout=StringIO())
    assert sorted(SearchMiss.objects.values_list("text", flat=True)) == [
        "age 0",
        "age 90",
    ]


def test_an_english_search_puts_english_resources_first_among_equal_matches(client):
    # Same words, same strength of match; the Spanish one is newer.
    ResourceFactory(
        slug="colic-en",
        title="Colic",
        summary="Colic",
        languages=["en"],
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    ResourceFactory(slug="colic-es", title="Colic", summary="Colic", languages=["es"])
    assert page_slugs(client, "colic") == ["colic-en", "colic-es"]
    assert page_slugs(client, "colic", language="es") == ["colic-es", "colic-en"]
