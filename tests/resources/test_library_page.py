"""The /resources/ page: facets and their counts, bad input, query budget."""

import datetime
import re

import pytest
from django.urls import reverse

from imh_portal.vocabulary import AgeBand
from resources.filters import ResourceFilterSet
from resources.models import Resource
from tests.factories import ResourceFactory, RoleFactory, TopicFactory
from tests.pages import reverse_in

pytestmark = pytest.mark.django_db


def get_results(client, **params):
    response = client.get(reverse("resources:list"), params)
    assert response.status_code == 200
    return response


def shown_titles(response) -> list[str]:
    return [resource.title for resource in response.context["results"].page]


def facet_counts(response, name: str) -> dict[str, int]:
    facet = next(f for f in response.context["results"].facets if f.name == name)
    return {option.value: option.count for option in facet.options if option.count}


@pytest.fixture
def library():
    sleep = TopicFactory(name="Sleep", slug="sleep")
    play = TopicFactory(name="Play", slug="play")
    parents = RoleFactory(name="Parents", slug="parents-caregivers")
    visitors = RoleFactory(name="Home visitors", slug="home-visitors")
    ResourceFactory(
        title="Sleep book",
        kind=Resource.Kind.BOOK,
        cost=Resource.Cost.PAID,
        topics=[sleep],
        audiences=[parents],
        age_bands=[AgeBand.MONTHS_0_12],
        languages=["en"],
        region="US",
    )
    ResourceFactory(
        title="Sleep video",
        kind=Resource.Kind.VIDEO,
        topics=[sleep, play],
        audiences=[parents, visitors],
        age_bands=[AgeBand.MONTHS_0_12, AgeBand.MONTHS_12_24],
        languages=["en", "es"],
        region="US-WA",
    )
    ResourceFactory(
        title="Play guide",
        kind=Resource.Kind.GUIDE,
        topics=[play],
        audiences=[visitors],
        age_bands=[AgeBand.MONTHS_24_36],
        languages=["es"],
        region="",
    )
    ResourceFactory(title="Draft sleep", status=Resource.Status.DRAFT, topics=[sleep])
    ResourceFactory(
        title="Archived sleep", status=Resource.Status.ARCHIVED, topics=[sleep]
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "book"}, ["Sleep book"]),
        ({"topic": "play"}, ["Play guide", "Sleep video"]),
        ({"audience": "home-visitors"}, ["Play guide", "Sleep video"]),
        ({"age": "12-24m"}, ["Sleep video"]),
        ({"language": "es"}, ["Play guide", "Sleep video"]),
        ({"cost": "paid"}, ["Sleep book"]),
        ({"region": "US-WA"}, ["Sleep video"]),
        ({"region": ""}, ["Play guide"]),  # "" is "everywhere"
    ],
)
def test_each_facet_filters_the_results(client, library, params, expected):
    assert sorted(shown_titles(get_results(client, **params))) == expected


def test_options_within_a_facet_are_ored_and_facets_are_anded(client, library):
    response = get_results(client, kind=["book", "guide"], topic="sleep")
    assert shown_titles(response) == ["Sleep book"]
    response = get_results(client, kind=["book", "guide"])
    assert sorted(shown_titles(response)) == ["Play guide", "Sleep book"]


def test_facets_combine_with_a_text_query(client, library):
    response = get_results(client, q="sleep", language="es")
    assert shown_titles(response) == ["Sleep video"]


def test_facet_counts_cover_only_published_resources(client, library):
    response = get_results(client)
    assert response.context["results"].total == 3
    assert facet_counts(response, "topic") == {"sleep": 2, "play": 2}
    assert facet_counts(response, "kind") == {"book": 1, "video": 1, "guide": 1}
    assert facet_counts(response, "audience") == {
        "parents-caregivers": 2,
        "home-visitors": 2,
    }
    assert facet_counts(response, "age") == {"0-12m": 2, "12-24m": 1, "24-36m": 1}
    assert facet_counts(response, "language") == {"en": 2, "es": 2}
    assert facet_counts(response, "cost") == {"free": 2, "paid": 1}
    assert facet_counts(response, "region") == {"": 1, "US": 1, "US-WA": 1}


def test_facet_counts_follow_the_text_query(client, library):
    response = get_results(client, q="sleep")
    assert response.context["results"].total == 2
    assert facet_counts(response, "kind") == {"book": 1, "video": 1}
    assert facet_counts(response, "topic") == {"sleep": 2, "play": 1}


def test_a_facets_own_counts_ignore_its_choice_but_other_facets_apply(client, library):
    response = get_results(client, kind="book")
    # Kind counts still show every kind, so a second kind can be added ...
    assert facet_counts(response, "kind") == {"book": 1, "video": 1, "guide": 1}
    # ... while the other facets count only books.
    assert facet_counts(response, "topic") == {"sleep": 1}
    assert facet_counts(response, "cost") == {"paid": 1}


def test_chosen_options_are_checked_and_can_be_removed_one_by_one(client, library):
    response = get_results(client, kind=["book", "video"], q="sleep")
    html = response.content.decode()
    assert re.search(r'name="kind" value="book" id="[\w-]+" checked', html)
    assert re.search(r'name="kind" value="video" id="[\w-]+" checked', html)
    assert not re.search(r'name="kind" value="guide" id="[\w-]+" checked', html)
    remove_book = re.search(r'<a href="\?([^"]+)">Kind: Book', html)[1]
    assert sorted(remove_book.split("&amp;")) == ["kind=video", "q=sleep"]


def test_results_can_be_sorted_by_title_and_newest(client, library):
    assert shown_titles(get_results(client, sort="title")) == [
        "Play guide",
        "Sleep book",
        "Sleep video",
    ]
    newest_first = shown_titles(get_results(client, sort="newest"))
    assert newest_first == ["Play guide", "Sleep video", "Sleep book"]


def test_relevance_is_the_default_order_of_a_search(client):
    ResourceFactory(title="Routines", summary="Helping a baby sleep.")
    ResourceFactory(title="Sleep, explained")
    response = get_results(client, q="sleep")
    assert response.context["filterset"].current_sort == "relevance"
    assert shown_titles(response) == ["Sleep, explained", "Routines"]


def test_a_typo_is_searched_as_the_closest_word_and_offered_as_a_suggestion(
    client, library
):
    response = get_results(client, q="slepe")
    assert response.context["results"].suggestion == "sleep"
    assert sorted(shown_titles(response)) == ["Sleep book", "Sleep video"]
    html = response.content.decode()
    assert "2 results for “slepe”" in html
    assert "Did you mean" in html


def test_matches_are_highlighted_and_user_text_is_escaped(client):
    ResourceFactory(title="Crying", summary="Crying <b>peaks</b> at six weeks.")
    html = get_results(client, q="crying").content.decode()
    assert "<mark>Crying</mark>" in html
    assert "<b>peaks" not in html


def test_the_search_text_is_escaped_where_it_is_shown(client):
    html = get_results(client, q='<script>alert("x")</script>').content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_no_results_shows_an_honest_empty_state(client, library):
    html = get_results(client, q="zebra crossings").content.decode()
    assert "Nothing in the library matches “zebra crossings” yet." in html
    assert reverse("resources:suggest") in html


def test_an_unknown_filter_value_shows_a_message_and_the_unfiltered_choices(
    client, library
):
    response = get_results(client, kind="spaceship", topic="play")
    messages = [str(message) for message in response.context["messages"]]
    assert any("Kind" in message and "spaceship" in message for message in messages)
    # The valid filter still applies; the invalid one was left out.
    assert sorted(shown_titles(response)) == ["Play guide", "Sleep video"]
    assert facet_counts(response, "kind") == {"video": 1, "guide": 1}


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "%00"])
def test_a_malformed_or_out_of_range_page_number_never_fails(client, library, page):
    response = get_results(client, page=page)
    assert response.context["results"].page.number in {1}


def test_a_very_long_query_is_refused_with_a_message(client, library):
    response = get_results(client, q="baby " * 2000)
    messages = [str(message) for message in response.context["messages"]]
    assert any("Search" in message for message in messages)
    assert response.context["results"].total == 3


@pytest.mark.parametrize("text", ["!!!", "?", '"', "- -", "&|!():*"])
def test_a_query_of_only_punctuation_lists_everything(client, library, text):
    response = get_results(client, q=text)
    assert response.context["results"].total == 3


@pytest.mark.parametrize("text", ["the", "or", '"', "-sleep", "sleep or", "a -"])
def test_odd_search_syntax_never_fails(client, library, text):
    get_results(client, q=text)


# Choices (topics, roles, regions), the data and vocabulary stamp, reading the
# text (the vocabulary, its words, its text queries; kept afterwards), two
# capped counts (and a count in the sample for a text), the facet counts, the
# page's ids, its rows and two prefetches, the help lines; a misspelt query
# adds the look-ups of the closest word.
LIST_PAGE_QUERIES = 15
MISSPELT_PAGE_QUERIES = 16


@pytest.mark.parametrize("shown", [1, 20])
@pytest.mark.parametrize(
    "params",
    [{}, {"q": "sleep"}, {"q": "slep"}, {"kind": "website", "topic": "topic-x"}],
)
def test_the_page_runs_a_fixed_number_of_queries_whatever_the_page_size(
    client, django_assert_max_num_queries, shown, params
):
    topics = [TopicFactory(slug="topic-x"), TopicFactory()]
    roles = [RoleFactory(), RoleFactory()]
    for number in range(shown):
        ResourceFactory(
            title=f"Baby sleep {number}",
            topics=topics,
            audiences=roles,
            region="US" if number % 2 else "",
        )
    budget = MISSPELT_PAGE_QUERIES if params.get("q") == "slep" else LIST_PAGE_QUERIES
    with django_assert_max_num_queries(budget):
        response = get_results(client, **params)
    assert len(response.context["results"].page) == shown


@pytest.fixture
def large_library(settings):
    """More matches than the exact limit, so the bounded paths are taken."""
    settings.SEARCH_EXACT_LIMIT = 10
    settings.SEARCH_RANK_WINDOW = 12
    for number in range(64):
        ResourceFactory(
            title=f"Baby sleep {number}" if number != 3 else "Sleep, sleep, sleep",
            summary="Baby sleep routines.",
            kind=Resource.Kind.GUIDE if number % 4 else Resource.Kind.BOOK,
        )


def test_very_broad_searches_estimate_their_counts_and_say_so(client, large_library):
    response = get_results(client, q="sleep")
    results = response.context["results"]
    assert results.estimated_total and results.estimated_counts
    assert 32 <= results.total <= 96  # from a 1-in-32 sample of 64 matches
    kinds = facet_counts(response, "kind")
    assert set(kinds) <= {"guide", "book"}
    html = response.content.decode()
    assert re.search(r"About \d+ results for “sleep”", html)
    assert "(about " in html


def test_very_broad_searches_rank_within_a_window_of_the_newest(client, large_library):
    response = get_results(client, q="sleep")
    results = response.context["results"]
    assert results.limited_to == 12
    assert results.page.paginator.count == 12
    # Only the newest twelve matches are ranked.
    newest = set(
        Resource.objects.published().newest_first().values_list("pk", flat=True)[:12]
    )
    assert {row.pk for row in results.page} <= newest
    assert "Showing the 12 best matches" in response.content.decode()


def test_below_the_exact_limit_counts_are_exact(client, large_library, settings):
    response = get_results(client, q="sleep", kind="book")
    results = response.context["results"]
    # Sixteen books match: above the limit, so the total is estimated, but the
    # text alone matches all 64, so counts come from the sample too.
    assert results.estimated_counts
    # One match. At a limit of 10, that row alone in the one-in-32 sample
    # (it is there for some primary keys) would already promise 32 matches,
    # over twice the limit; at any real limit one row promises nothing.
    settings.SEARCH_EXACT_LIMIT = 40
    response = get_results(client, q='"sleep, sleep, sleep"')
    results = response.context["results"]
    assert not results.estimated_total and not results.estimated_counts
    assert results.total == 1


@pytest.mark.django_db
def test_the_spanish_library_lists_spanish_resources_first():
    older_spanish = ResourceFactory(title="Guía en español", languages=["es"])
    newer_english = ResourceFactory(title="English guide")
    Resource.objects.filter(pk=older_spanish.pk).update(
        published_at=newer_english.published_at - datetime.timedelta(days=30)
    )
    for language, first in [("es", older_spanish), ("", newer_english)]:
        filterset = ResourceFilterSet(
            {}, queryset=Resource.objects.published(), prefer_language=language
        )
        filterset.is_valid()
        ordered = filterset.order_queryset(Resource.objects.published())
        assert ordered.first() == first, language


def test_facet_labels_never_cross_between_spanish_and_english(client):
    ResourceFactory(title="Sleep guide", kind=Resource.Kind.GUIDE)
    spanish = client.get(reverse_in("es", "resources:list"), {"q": "sleep"})
    english = client.get(reverse_in("en", "resources:list"), {"q": "sleep"})
    spanish_again = client.get(reverse_in("es", "resources:list"), {"q": "sleep"})

    def labels(response):
        return [facet.label for facet in response.context["results"].facets]

    assert "Kind" in labels(english)
    assert "Kind" not in labels(spanish)
    assert labels(spanish) == labels(spanish_again)
    guide = {
        option.value: option.label
        for facet in english.context["results"].facets
        for option in facet.options
    }["guide"]
    assert guide == "Guide or fact sheet"


def test_a_search_typed_after_browsing_comes_back_best_match_first(client):
    ResourceFactory(title="Old guide to sleep and crying", summary="Crying.")
    ResourceFactory(title="Sleep", summary="All about sleep, sleep and sleep.")
    ResourceFactory(title="Newest news", summary="Nothing about it.")
    browsing = client.get(reverse("resources:list")).content.decode()
    sort_menu = re.search(r'<select id="id_sort".*?</select>', browsing, re.S)[0]
    assert re.search(r'<option value="([^"]*)" selected>', sort_menu)[1] == ""
    response = client.get(reverse("resources:list"), {"q": "sleep", "sort": ""})
    assert response.context["filterset"].current_sort == "relevance"
    assert shown_titles(response)[0] == "Sleep"


def test_each_search_has_its_own_filters_sharing_only_their_options():
    def a_search(data):
        filterset = ResourceFilterSet(data, queryset=Resource.objects.published())
        filterset.is_valid()
        return filterset

    kinds, guides = a_search({"kind": ["book"]}), a_search({"kind": ["guide"]})
    assert kinds.filters["kind"] is not guides.filters["kind"]
    assert kinds.filters["kind"].parent is kinds
    assert guides.filters["kind"].parent is guides
    assert kinds.form.fields["kind"] is not guides.form.fields["kind"]
    assert kinds.form.cleaned_data["kind"] == ["book"]
    assert guides.form.cleaned_data["kind"] == ["guide"]
    assert kinds.filters["kind"].options() == guides.filters["kind"].options()
    # Rendering one search's form leaves the other's choices as they were.
    kinds.form.fields["kind"].choices = [("book", "Book")]
    assert len(guides.form.fields["kind"].choices) > 1


def test_a_search_asked_again_does_not_rebuild_its_ranked_query(client, monkeypatch):
    ResourceFactory(title="Sleep guide", kind=Resource.Kind.GUIDE)
    first = get_results(client, q="sleep")
    assert first.context["results"].total == 1

    def rebuilt(*args, **kwargs):
        raise AssertionError("the ranked query was built again")

    monkeypatch.setattr(ResourceFilterSet, "order_queryset", rebuilt)
    again = get_results(client, q="sleep")
    assert [row.title for row in again.context["results"].page] == ["Sleep guide"]
