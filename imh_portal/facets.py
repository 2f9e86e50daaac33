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

from imh_portal.search import SAMPLE_RATE, normalise_query


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
    estimated: bool = False

    @property
    def visible_options(self) -> list[FacetOption]:
        """Options worth showing: those with results, and any already chosen.

        Estimated counts can miss rare options, so then every option shows.
        """
        if self.estimated:
            return self.options
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
        filterset = type(self)(data, queryset=self.queryset, request=self.request)
        filterset._reuse_lookups(self)
        return filterset

    # The parameter that orders results rather than filtering them.
    ordering_param = "sort"

    # The parameter holding the search text.
    text_param = "q"

    def filter_queryset(self, queryset):
        return self.order_queryset(
            self.facet_queryset(self.matching_queryset(queryset)), window=None
        )

    def facet_queryset(self, queryset):
        """Apply the chosen facet options."""
        for name, filter_ in self.facet_filters().items():
            queryset = filter_.filter(queryset, self.form.cleaned_data.get(name))
        return queryset

    @property
    def text(self) -> str:
        """The normalised search text of the request, or ""."""
        self.is_valid()  # fills cleaned_data with the valid fields
        return normalise_query(self.form.cleaned_data.get(self.text_param))

    def with_text(self, text: str) -> "FacetedFilterSet":
        """The same request searching for ``text`` instead."""
        data = self.data.copy()
        data[self.text_param] = text
        filterset = type(self)(data, queryset=self.queryset, request=self.request)
        filterset._reuse_lookups(self)
        filterset.is_valid()
        return filterset

    # Cached properties a copy of the same request may reuse (e.g. a data stamp).
    reusable_properties: tuple[str, ...] = ()

    def _reuse_lookups(self, other: "FacetedFilterSet") -> None:
        """Take over what ``other`` already read from the database."""
        for name, filter_ in other.filters.items():
            if hasattr(filter_, "_option_rows"):
                self.filters[name]._option_rows = filter_._option_rows
        for name in self.reusable_properties:
            if name in other.__dict__:
                self.__dict__[name] = other.__dict__[name]

    def matching_queryset(self, queryset):
        """Apply every filter that is neither a facet nor the ordering."""
        facets = self.facet_filters()
        for name, value in self.form.cleaned_data.items():
            if name not in facets and name != self.ordering_param:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def order_queryset(self, queryset, *, window: int | None = None):
        """Order the results. With ``window``, rank only that many newest matches.

        Subclasses order; the default keeps the model's ordering.
        """
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
    """One page of a faceted search, with the total and the facet counts.

    Above ``SEARCH_EXACT_LIMIT`` matches the total and counts are estimated from
    the fixed sample (``estimated_total`` / ``estimated_counts``), and only the
    best ``SEARCH_RANK_WINDOW`` results can be paged through (``limited_to``).
    """

    page: Page
    total: int
    facets: list[Facet]
    estimated_total: bool = False
    estimated_counts: bool = False
    limited_to: int | None = None
    corrected_text: str = ""


@dataclass
class _Summary:
    total: int
    facets: list[Facet]
    estimated_total: bool
    estimated_counts: bool
    corrected_text: str = ""
    pages: dict = field(default_factory=dict)


class _KnownCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # already counted with the facets


def faceted_search(
    filterset: "FacetedFilterSet",
    *,
    page_number,
    per_page: int,
    stamp: str,
    with_facets: bool = True,
    strict_page: bool = False,
    correct_spelling: Callable[[str], str] | None = None,
    finish_page: Callable[[QuerySet, "FacetedFilterSet"], QuerySet] | None = None,
) -> SearchResults:
    """Run a valid ``filterset`` as a faceted search and return the requested page.

    The work per request is bounded whatever the data size: a capped count
    decides between exact figures and estimates from the sample, and relevance
    is ranked within a window of the newest matches when there are very many.
    ``correct_spelling`` maps a query that found nothing to a corrected one (or
    ""); ``finish_page(rows, filterset)`` adds what only the shown rows need. With
    ``strict_page`` a page past the end raises ``InvalidPage`` instead of showing
    the last page.
    """
    key = _cache_key(filterset, per_page, stamp, with_facets)
    summary: _Summary | None = cache.get(key)
    if summary is None:
        summary = _summarise(filterset, with_facets)
        if summary.total == 0 and correct_spelling and filterset.text:
            corrected = correct_spelling(filterset.text)
            if corrected:
                retry = _summarise(filterset.with_text(corrected), with_facets)
                if retry.total:
                    summary = retry
                    summary.corrected_text = corrected
    if summary.corrected_text:
        filterset = filterset.with_text(summary.corrected_text)

    exact_limit = settings.SEARCH_EXACT_LIMIT
    window = settings.SEARCH_RANK_WINDOW if summary.total > exact_limit else None
    ordered = filterset.order_queryset(
        filterset.facet_queryset(filterset.matching_queryset(filterset.queryset)),
        window=window,
    )
    browsable = min(summary.total, window) if window else summary.total
    paginator = _KnownCountPaginator(ordered, per_page, count=browsable)
    page = (
        paginator.page(page_number) if strict_page else paginator.get_page(page_number)
    )

    page_key = str(page.number)
    if page_key not in summary.pages:
        start = (page.number - 1) * per_page
        summary.pages[page_key] = list(
            ordered.values_list("pk", flat=True)[start : start + per_page]
        )
    ids = summary.pages[page_key]
    cache.set(key, summary, settings.SEARCH_CACHE_SECONDS)

    rows = ordered.filter(pk__in=ids) if ids else ordered.none()
    if finish_page is not None:
        rows = finish_page(rows, filterset)
    position = {pk: index for index, pk in enumerate(ids)}
    page.object_list = sorted(rows, key=lambda row: position[row.pk])
    return SearchResults(
        page=page,
        total=summary.total,
        facets=summary.facets,
        estimated_total=summary.estimated_total,
        estimated_counts=summary.estimated_counts,
        limited_to=window if window and summary.total > window else None,
        corrected_text=summary.corrected_text,
    )


def _summarise(filterset: "FacetedFilterSet", with_facets: bool) -> _Summary:
    """Count the results (and facet options), exactly when that is cheap."""
    exact_limit = settings.SEARCH_EXACT_LIMIT
    matching = filterset.matching_queryset(filterset.queryset)
    filtered = filterset.facet_queryset(matching)
    total = _count_up_to(filtered, exact_limit)
    many_matching = (
        total > exact_limit
        if not filterset.chosen()
        else _count_up_to(matching, exact_limit) > exact_limit
    )

    facets: list[Facet] = []
    sampled_total = None
    if with_facets:
        if many_matching:
            sampled_total, facets = filterset.count_facets(matching.sampled())
            facets = [_scaled(facet) for facet in facets]
        else:
            _, facets = filterset.count_facets(matching)
    estimated_total = total > exact_limit
    if estimated_total:
        if sampled_total is None:
            sampled_total = filtered.sampled().count()
        total = max(_round_estimate(sampled_total * SAMPLE_RATE), exact_limit + 1)
    return _Summary(
        total=total,
        facets=facets,
        estimated_total=estimated_total,
        estimated_counts=with_facets and many_matching,
    )


def _count_up_to(queryset: QuerySet, limit: int) -> int:
    """The row count, or ``limit + 1`` when there are more: bounded work."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def _scaled(facet: Facet) -> Facet:
    return Facet(
        name=facet.name,
        label=facet.label,
        options=[
            FacetOption(
                value=option.value,
                label=option.label,
                count=_round_estimate(option.count * SAMPLE_RATE),
                selected=option.selected,
            )
            for option in facet.options
        ],
        estimated=True,
    )


def _round_estimate(value: int) -> int:
    """Two significant figures: an estimate should not look exact."""
    if value < 100:
        return value
    magnitude = 10 ** (len(str(value)) - 2)
    return round(value / magnitude) * magnitude


def _cache_key(
    filterset: "FacetedFilterSet", per_page: int, stamp: str, with_facets: bool
) -> str:
    request = {
        name: sorted(value) if isinstance(value, list) else str(value)
        for name, value in sorted(filterset.form.cleaned_data.items())
        if value not in (None, "", [])
    }
    payload = json.dumps(
        [
            filterset.queryset.model._meta.label,
            request,
            per_page,
            stamp,
            with_facets,
            settings.SEARCH_EXACT_LIMIT,
            settings.SEARCH_RANK_WINDOW,
        ],
        sort_keys=True,
        default=str,
    )
    return "search:" + hashlib.sha256(payload.encode()).hexdigest()
