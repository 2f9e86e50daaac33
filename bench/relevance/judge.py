"""Scoring the library's search against the relevance set."""

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

QUERIES = Path(__file__).resolve().parent / "queries.toml"
GROUPS = ("parents-en", "parents-es", "professionals")
# Reciprocal rank counts a first good result up to this far down.
RANK_DEPTH = 10


@dataclass(frozen=True)
class Query:
    group: str
    language: str
    text: str
    accept: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    query: Query
    found: tuple[str, ...]  # slugs, best first, up to RANK_DEPTH
    total: int

    @property
    def first_good(self) -> int | None:
        """1-based position of the first accepted resource, if any is shown."""
        for position, slug in enumerate(self.found, 1):
            if slug in self.query.accept:
                return position
        return None

    def success_at(self, depth: int) -> bool:
        first = self.first_good
        return first is not None and first <= depth


@dataclass
class GroupScore:
    group: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def queries(self) -> int:
        return len(self.outcomes)

    def _share(self, test: Callable[[Outcome], bool]) -> float:
        return sum(map(test, self.outcomes)) / self.queries if self.queries else 0.0

    @property
    def success_at_3(self) -> float:
        return self._share(lambda outcome: outcome.success_at(3))

    @property
    def success_at_5(self) -> float:
        return self._share(lambda outcome: outcome.success_at(5))

    @property
    def zero_results(self) -> float:
        return self._share(lambda outcome: outcome.total == 0)

    @property
    def mean_reciprocal_rank(self) -> float:
        if not self.queries:
            return 0.0
        return (
            sum(1 / (o.first_good or float("inf")) for o in self.outcomes)
            / self.queries
        )

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.success_at(5)]


def load_queries(path: Path = QUERIES) -> list[Query]:
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["query"]
    return [
        Query(
            group=entry["group"],
            language=entry["language"],
            text=entry["text"],
            accept=frozenset(entry["accept"]),
        )
        for entry in entries
    ]


def search_the_library(query: Query) -> tuple[tuple[str, ...], int]:
    """The library's own door, as the page calls it in the query's language
    (a Spanish query as under /es/, with Spanish active)."""
    from django.http import QueryDict
    from django.utils import translation

    from resources.filters import ResourceFilterSet
    from resources.models import Resource
    from resources.search import search_library

    data = QueryDict(mutable=True)
    data["q"] = query.text
    with translation.override(query.language):
        filterset = ResourceFilterSet(
            data,
            queryset=Resource.objects.published(),
            prefer_language=query.language,
        )
        filterset.is_valid()
        results = search_library(
            filterset,
            page_number=1,
            per_page=RANK_DEPTH,
            with_facets=False,
            shape="records",
            language=query.language,
        )
        return tuple(row.slug for row in results.page.object_list), results.total


def score(
    queries: Iterable[Query],
    search: Callable[[Query], tuple[tuple[str, ...], int]] = search_the_library,
) -> dict[str, GroupScore]:
    groups = {group: GroupScore(group) for group in GROUPS}
    for query in queries:
        found, total = search(query)
        groups[query.group].outcomes.append(Outcome(query, found, total))
    return groups


def overall(groups: dict[str, GroupScore]) -> GroupScore:
    every = GroupScore("all")
    for group in groups.values():
        every.outcomes.extend(group.outcomes)
    return every


def report(groups: dict[str, GroupScore]) -> str:
    lines = [
        f"{'group':<15}{'queries':>8}{'success@3':>11}{'success@5':>11}"
        f"{'MRR':>7}{'zero results':>14}",
    ]
    for group in [*groups.values(), overall(groups)]:
        lines.append(
            f"{group.group:<15}{group.queries:>8}{group.success_at_3:>11.1%}"
            f"{group.success_at_5:>11.1%}{group.mean_reciprocal_rank:>7.3f}"
            f"{group.zero_results:>14.1%}"
        )
    failures = [outcome for group in groups.values() for outcome in group.failures]
    lines.append("")
    lines.append(f"Queries with no accepted resource in the top five: {len(failures)}")
    for outcome in failures:
        lines.append(
            f"  [{outcome.query.group}] {outcome.query.text!r} "
            f"({outcome.total} results): {', '.join(outcome.found[:5]) or '—'}"
        )
    return "\n".join(lines)
