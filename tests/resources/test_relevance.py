"""Relevance on the committed set (bench/relevance/queries.toml), measured on
the starter content as ``make relevance`` measures it. The floors sit just
under what the search reaches, so a change that makes it worse fails here."""

import pytest

from bench.relevance.judge import GROUPS, load_queries, overall, score
from resources.models import Resource

pytestmark = pytest.mark.django_db

# (success@3, success@5, mean reciprocal rank) per group.
# Re-pinned when the library grew to about 300 resources and the set was
# re-judged and grew to 249 queries: the goals stay success@3 >= 0.80 and
# success@5 >= 0.90 for every group.
FLOORS = {
    "parents-en": (0.84, 0.90, 0.74),
    "parents-es": (0.88, 0.96, 0.82),
    "professionals": (0.97, 0.98, 0.92),
}
GOALS = (0.80, 0.90)
MAX_ZERO_RESULT_RATE = 0.02


@pytest.fixture(scope="module")
def scores(starter_content, django_db_blocker):
    with django_db_blocker.unblock():
        return score(load_queries())


def test_the_relevance_set_is_as_large_and_varied_as_promised():
    queries = load_queries()
    per_group = {group: [q for q in queries if q.group == group] for group in GROUPS}
    assert len(queries) >= 120
    assert len(per_group["parents-en"]) >= 60
    assert len(per_group["parents-es"]) >= 25
    assert len(per_group["professionals"]) >= 35
    assert len({query.text for query in queries}) == len(queries)


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_finds_a_good_resource_near_the_top(scores, group):
    at_3, at_5, reciprocal = FLOORS[group]
    measured = scores[group]
    failed = [outcome.query.text for outcome in measured.failures]
    assert measured.success_at_5 >= at_5, failed
    assert measured.success_at_3 >= at_3, failed
    assert measured.mean_reciprocal_rank >= reciprocal
    assert measured.success_at_3 >= GOALS[0]
    assert measured.success_at_5 >= GOALS[1]


def test_almost_no_query_finds_nothing(scores):
    assert overall(scores).zero_results <= MAX_ZERO_RESULT_RATE
    for group in scores.values():
        assert group.zero_results <= MAX_ZERO_RESULT_RATE


def test_every_accepted_resource_is_in_the_starter_content(scores):
    accepted = {slug for query in load_queries() for slug in query.accept}
    known = set(
        Resource.objects.published()
        .filter(slug__in=accepted)
        .values_list("slug", flat=True)
    )
    assert accepted == known


def test_spanish_queries_rank_the_same_on_the_spanish_page(client, scores):
    """The set is judged through the library's search door; the /es/ page must
    be that same door, so its top five are the judged top five."""
    spanish = [q for q in load_queries() if q.group == "parents-es"][:12]
    for query in spanish:
        page = client.get("/es/resources/", {"q": query.text})
        shown = [row.slug for row in page.context["results"].page][:5]
        judged = next(
            outcome.found
            for outcome in scores["parents-es"].outcomes
            if outcome.query == query
        )
        assert shown == list(judged[:5]), query.text
