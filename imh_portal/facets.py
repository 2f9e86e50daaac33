"""Faceted search shared by the library and the directory.

A facet is a multi-select filter: the options chosen within one facet are OR-ed,
and facets are AND-ed. Counts are disjunctive: an option's count is the number of
results there would be with that option chosen instead, keeping every other
facet's choices, so choosing one kind never hides the other kinds. The total and
every count come from one SQL query of ``COUNT(*) FILTER (WHERE …)`` aggregates
over the rows the text query matched.

Counts and the ids of the requested page are cached under a key that includes a
"stamp" of the data (its last change), so an edit shows at once.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet


class FacetFilter(django_filters.MultipleChoiceFilter):
    """A facet over a plain column: ``?kind=book&kind=video``."""

    lookup = "in"
    option_lookup = "exact"

    def to_db(self, values: Iterable[str]) -> list:
        return list(values)

    def q(self, values: Iterable[str]) -> Q:
        return Q(**{f"{self.field_name}__{self.lookup}": self.to_db(values)})

    def option_q(self, value: str) -> Q:
        return (
            self.q([value])
            if self.option_lookup == "in"
            else Q(
                **{f"{self.field_name}__{self.option_lookup}": self.to_db([value])[0]}
            )
        )

    def options(self) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in self.field.choices]

    def filter(self, qs, value):
        return qs.filter(self.q(value)) if value else qs


class ArrayFacetFilter(FacetFilter):
    """A facet over an array column: a row matches when it holds any chosen value."""

    lookup = "overlap"
    option_lookup = "in"

    def option_q(self, value: str) -> Q:
        return Q(**{f"{self.field_name}__contains": self.to_db([value])})


class ModelArrayFacetFilter(ArrayFacetFilter):
    """Options are rows named by slug; the document keeps their ids in an array."""

    def __init__(self, *args, queryset: QuerySet, **kwargs):
        self.option_queryset = queryset
        super().__init__(*args, choices=[], **kwargs)

    def _rows(self) -> list[tuple[str, str, int]]:
        if not hasattr(self, "_option_rows"):
            self._option_rows = [
                (row.slug, str(row), row.pk) for row in self.option_queryset.all()
            ]
        return self._option_rows

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["choices"] = [(slug, label) for slug, label, _ in self._rows()]
        return super().field

    def to_db(self, values: Iterable[str]) -> list[int]:
        pk_by_slug = {slug: pk for slug, _, pk in self._rows()}
        return [pk_by_slug[value] for value in values if value in pk_by_slug]


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def visible_options(self) -> list[FacetOption]:
        """Options worth showing: those with results, and any already chosen."""
        return [option for option in self.options if option.count or option.selected]


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose ``FacetFilter`` fields can also report their counts."""

    def facet_filters(self) -> dict[str, FacetFilter]:
        return {
            name: filter_
            for name, filter_ in self.filters.items()
            if isinstance(filter_, FacetFilter)
        }

    def chosen(self) -> dict[str, list[str]]:
        """The facet options chosen in a valid request."""
        data = self.form.cleaned_data
        return {
            name: list(data[name]) for name in self.facet_filters() if data.get(name)
        }

    def without_invalid(self) -> "FacetedFilterSet":
        """The same request with every invalid parameter dropped."""
        data = self.data.copy()
        for name in self.form.errors:
            data.pop(name, None)
        return type(self)(data, queryset=self.queryset, request=self.request)

    # The parameter that orders results rather than filtering them.
    ordering_param = "sort"

    def filter_queryset(self, queryset):
        queryset = self.matching_queryset(queryset)
        for name, filter_ in self.facet_filters().items():
            queryset = filter_.filter(queryset, self.form.cleaned_data.get(name))
        return self.order_queryset(queryset)

    def matching_queryset(self, queryset):
        """Apply every filter that is neither a facet nor the ordering."""
        facets = self.facet_filters()
        for name, value in self.form.cleaned_data.items():
            if name not in facets and name != self.ordering_param:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def order_queryset(self, queryset):
        """Subclasses order the results; the default keeps the model's ordering."""
        return queryset

    def count_facets(self, matching: QuerySet) -> tuple[int, list[Facet]]:
        """The total and every facet's option counts, in one query."""
        facets = self.facet_filters()
        chosen = self.chosen()
        chosen_q = {name: facets[name].q(values) for name, values in chosen.items()}

        def all_but(name: str | None) -> Q:
            combined = Q()
            for other, q in chosen_q.items():
                if other != name:
                    combined &= q
            return combined

        aggregates = {"total": _count(all_but(None))}
        options = {name: filter_.options() for name, filter_ in facets.items()}
        for f_index, (name, filter_) in enumerate(facets.items()):
            others = all_but(name)
            for o_index, (value, _label) in enumerate(options[name]):
                aggregates[f"f{f_index}_{o_index}"] = _count(
                    filter_.option_q(value) & others
                )
        counts = matching.order_by().aggregate(**aggregates)

        result = []
        for f_index, (name, filter_) in enumerate(facets.items()):
            selected = set(chosen.get(name, []))
            result.append(
                Facet(
                    name=name,
                    label=str(filter_.label),
                    options=[
                        FacetOption(
                            value=value,
                            label=label,
                            count=counts[f"f{f_index}_{o_index}"],
                            selected=value in selected,
                        )
                        for o_index, (value, label) in enumerate(options[name])
                    ],
                )
            )
        return counts["total"], result


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition) if condition else Count("pk")


@dataclass
class SearchResults:
    """One page of a faceted search, with the total and the facet counts."""

    page: Page
    total: int
    facets: list[Facet]
    close_matches: bool = False
    extra: dict = field(default_factory=dict)


class _KnownCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # already counted with the facets


def faceted_search(
    filterset: FacetedFilterSet,
    *,
    page_number,
    per_page: int,
    stamp: str,
    close_matches: Callable[[QuerySet], QuerySet] | None = None,
    finish_page: Callable[[QuerySet], QuerySet] | None = None,
) -> SearchResults:
    """Run ``filterset`` as a faceted search and return the requested page.

    ``close_matches`` turns the matching queryset into a typo-tolerant one; it is
    used when the exact search finds nothing. ``finish_page`` adds what only the
    shown rows need (snippets, prefetches).
    """
    key = _cache_key(filterset, per_page, stamp)
    cached = cache.get(key) or {}
    if "total" in cached:
        total, facets, fuzzy = cached["total"], cached["facets"], cached["fuzzy"]
    else:
        fuzzy = False
        matching = filterset.matching_queryset(filterset.queryset)
        total, facets = filterset.count_facets(matching)
        if total == 0 and close_matches is not None:
            fuzzy_matching = close_matches(filterset.queryset)
            if fuzzy_matching is not None:
                total, facets = filterset.count_facets(fuzzy_matching)
                fuzzy = total > 0
        cached = {"total": total, "facets": facets, "fuzzy": fuzzy, "pages": {}}

    if fuzzy and close_matches is not None:
        ordered = close_matches(filterset.queryset)
        for name, filter_ in filterset.facet_filters().items():
            ordered = filter_.filter(ordered, filterset.form.cleaned_data.get(name))
    else:
        ordered = filterset.qs

    paginator = _KnownCountPaginator(ordered, per_page, count=total)
    page = paginator.get_page(page_number)
    page_key = str(page.number)
    if page_key not in cached["pages"]:
        start = (page.number - 1) * per_page
        cached["pages"][page_key] = list(
            ordered.values_list("pk", flat=True)[start : start + per_page]
        )
    ids = cached["pages"][page_key]
    cache.set(key, cached, settings.SEARCH_CACHE_SECONDS)

    rows = ordered.filter(pk__in=ids) if ids else ordered.none()
    if finish_page is not None:
        rows = finish_page(rows)
    position = {pk: index for index, pk in enumerate(ids)}
    page.object_list = sorted(rows, key=lambda row: position[row.pk])
    return SearchResults(page=page, total=total, facets=facets, close_matches=fuzzy)


def _cache_key(filterset: FacetedFilterSet, per_page: int, stamp: str) -> str:
    request = {
        name: sorted(value) if isinstance(value, list) else str(value)
        for name, value in sorted(filterset.form.cleaned_data.items())
        if value not in (None, "", [])
    }
    payload = json.dumps(
        [filterset.queryset.model._meta.label, request, per_page, stamp],
        sort_keys=True,
        default=str,
    )
    return "search:" + hashlib.sha256(payload.encode()).hexdigest()
