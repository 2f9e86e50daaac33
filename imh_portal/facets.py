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
from functools import cached_property

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, connections
from django.db.models import Q, QuerySet, Subquery, Value

from imh_portal.search import SAMPLE_RATE, normalise_query


class FacetFilter(django_filters.MultipleChoiceFilter):
    """A facet over a plain column: ``?kind=book&kind=video``."""

    def to_db(self, values: Iterable[str]) -> list:
        return list(values)

    def q(self, values: Iterable[str]) -> Q:
        return Q(**{f"{self.field_name}__in": self.to_db(values)})

    def options(self) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in self.field.choices]

    def filter(self, qs, value):
        return qs.filter(self.q(value)) if value else qs

    # The same conditions as SQL over the column, for counting many options in
    # one query without building an ORM expression for each.
    def chosen_sql(self, column: str, values: Iterable[str]) -> tuple[str, list]:
        return f"{column} = ANY(%s)", [self.to_db(values)]

    def option_sql(self, column: str, value: str) -> tuple[str, list]:
        return f"{column} = %s", self.to_db([value])


class ArrayFacetFilter(FacetFilter):
    """A facet over an array column: a row matches when it holds any chosen value."""

    def q(self, values: Iterable[str]) -> Q:
        return Q(**{f"{self.field_name}__overlap": self.to_db(values)})

    def chosen_sql(self, column: str, values: Iterable[str]) -> tuple[str, list]:
        return f"{column} && %s::{self.array_type}", [self.to_db(values)]

    def option_sql(self, column: str, value: str) -> tuple[str, list]:
        return f"{column} @> %s::{self.array_type}", [self.to_db([value])]

    @property
    def array_type(self) -> str:
        field = self.model._meta.get_field(self.field_name)
        return field.db_type(connection)


class LazyChoices:
    """Choices read from the database only when a form first needs them.

    Forms deep-copy their fields; this is shared rather than copied, so the
    copy does not drag the filter, its FilterSet and the request along.
    """

    def __init__(self, compute: Callable[[], list[tuple[str, str]]]):
        self.compute = compute

    def __call__(self) -> list[tuple[str, str]]:
        return self.compute()

    def __deepcopy__(self, memo) -> "LazyChoices":
        return self


class ModelArrayFacetFilter(ArrayFacetFilter):
    """Options are rows named by slug; the document keeps their ids in an array."""

    def __init__(self, *args, queryset: QuerySet, **kwargs):
        self.option_queryset = queryset
        # A callable: the rows are read only when a request needs the options,
        # never at import time or when the API schema is generated.
        super().__init__(*args, choices=LazyChoices(self._slug_choices), **kwargs)

    def _rows(self) -> list[tuple[str, str, int]]:
        if not hasattr(self, "_option_rows"):
            self._option_rows = [
                (row.slug, str(row), row.pk) for row in self.option_queryset.all()
            ]
        return self._option_rows

    def _slug_choices(self) -> list[tuple[str, str]]:
        return [(slug, label) for slug, label, _ in self._rows()]

    @property
    def field(self):
        if not hasattr(self, "_field"):
            # Bind the choices to this copy of the filter, which may have been
            # handed the rows another copy already read.
            self.extra["choices"] = LazyChoices(self._slug_choices)
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

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # An empty choice of a term (``?service=``) means "no choice"; for
            # other facets an empty value can be an option ("everywhere").
            data = data.copy()
            for name, filter_ in self.base_filters.items():
                if isinstance(filter_, ModelArrayFacetFilter) and name in data:
                    data.setlist(name, [v for v in data.getlist(name) if v])
        super().__init__(data, *args, **kwargs)

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
        return self._copy_with(data)

    def copy_options(self) -> dict:
        """Keyword arguments, besides the data, that a copy of this search keeps."""
        return {}

    def _copy_with(self, data) -> "FacetedFilterSet":
        filterset = type(self)(
            data, queryset=self.queryset, request=self.request, **self.copy_options()
        )
        filterset._reuse_lookups(self)
        return filterset

    # The parameter that orders results rather than filtering them.
    ordering_param = "sort"

    # The parameter holding the search text.
    text_param = "q"

    # Anything besides the parameters that changes the order of the results
    # (say, the visitor's language); part of the cache key.
    ordering_variant = ""

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
        filterset = self._copy_with(data)
        filterset.is_valid()
        return filterset

    def filter_text(self, queryset, name, value):
        """The text filter's method: a full-text search of the queryset."""
        text = normalise_query(value)
        return queryset.search(text) if text else queryset

    def keep(self, queryset, name, value):
        """The method of parameters that shape the search but filter nothing."""
        return queryset

    # Cached properties a copy of the same request may reuse.
    reusable_properties: tuple[str, ...] = ("stamp",)

    @cached_property
    def stamp(self) -> str:
        """The data's last change, read once per request (a cache-key part)."""
        return self.queryset.model.objects.stamp()

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

    @staticmethod
    def best_match_first(queryset, *, window: int | None, then: tuple[str, ...]):
        """Order by search rank; with ``window``, among that many newest matches."""
        if window:
            newest = queryset.newest_first().values("pk")[:window]
            queryset = queryset.filter(pk__in=Subquery(newest))
        return queryset.order_by("-rank", *then)

    def count_facets(self, matching: QuerySet) -> tuple[int, list[Facet]]:
        """The total and every facet's option counts, in one query.

        Each count is ``COUNT(*) FILTER (WHERE option AND other facets' choices)``
        over the matching rows.
        """
        facets = self.facet_filters()
        chosen = self.chosen()
        model = matching.model
        quote = connections[matching.db].ops.quote_name
        columns = {
            name: quote(model._meta.get_field(filter_.field_name).column)
            for name, filter_ in facets.items()
        }
        chosen_sql = {
            name: facets[name].chosen_sql(columns[name], values)
            for name, values in chosen.items()
        }

        def all_but(name: str | None) -> tuple[list[str], list]:
            conditions, params = [], []
            for other, (sql, values) in chosen_sql.items():
                if other != name:
                    conditions.append(sql)
                    params.extend(values)
            return conditions, params

        counts_sql, params = [], []

        def add_count(conditions: list[str], values: list) -> None:
            if conditions:
                counts_sql.append(f"COUNT(*) FILTER (WHERE {' AND '.join(conditions)})")
                params.extend(values)
            else:
                counts_sql.append("COUNT(*)")

        add_count(*all_but(None))
        options = {name: filter_.options() for name, filter_ in facets.items()}
        for name, filter_ in facets.items():
            others, other_params = all_but(name)
            for value, _label in options[name]:
                option, option_params = filter_.option_sql(columns[name], value)
                add_count([option, *others], [*option_params, *other_params])

        fields = sorted({filter_.field_name for filter_ in facets.values()})
        inner_sql, inner_params = (
            matching.order_by().values(*fields).query.sql_with_params()
        )
        with connections[matching.db].cursor() as cursor:
            # Only quoted column names and placeholders are interpolated; every
            # value travels as a parameter.
            cursor.execute(
                f"SELECT {', '.join(counts_sql)} FROM ({inner_sql}) AS matching",  # nosec B608
                [*params, *inner_params],
            )
            row = list(cursor.fetchone())

        total, counts = row[0], iter(row[1:])
        result = []
        for name, filter_ in facets.items():
            selected = set(chosen.get(name, []))
            result.append(
                Facet(
                    name=name,
                    label=str(filter_.label),
                    options=[
                        FacetOption(
                            value=value,
                            label=label,
                            count=next(counts),
                            selected=value in selected,
                        )
                        for value, label in options[name]
                    ],
                )
            )
        return total, result


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

    # Fetch the shown rows by key alone: repeating the search here would cost
    # as much as the search did.
    base = filterset.queryset
    rows = base.filter(pk__in=ids) if ids else base.none()
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
    """The row count, or ``limit + 1`` when there are more: bounded work.

    Selecting a constant lets PostgreSQL answer from the index alone when the
    conditions are all in it.
    """
    found = queryset.order_by().annotate(found=Value(1)).values("found")
    return found[: limit + 1].count()


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
            filterset.ordering_variant,
            settings.SEARCH_EXACT_LIMIT,
            settings.SEARCH_RANK_WINDOW,
        ],
        sort_keys=True,
        default=str,
    )
    return "search:" + hashlib.sha256(payload.encode()).hexdigest()
