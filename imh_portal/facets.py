"""Faceted search shared by the library and the directory.

A facet is a multi-select filter: the options chosen within one facet are OR-ed,
and facets are AND-ed. Counts are disjunctive: an option's count is the number of
results there would be with that option chosen instead, keeping every other
facet's choices, so choosing one kind never hides the other kinds. The total and
every count come from one SQL query of ``COUNT(*) FILTER (WHERE …)`` aggregates
over the rows the text query matched.

This module holds the filters and the FilterSet; ``imh_portal.faceted_search``
runs them, caching counts and page ids under a key that includes a "stamp" of
the data (its last change), so an edit shows at once.
"""

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import django_filters
import django_filters.fields
from django import forms
from django.db import connection, connections
from django.db.models import Q, QuerySet, Subquery

from imh_portal.query_plan import QueryPlan, understand
from imh_portal.search import normalise_query


class SharedChoicesField(django_filters.fields.MultipleChoiceField):
    """A form field whose copies share its options.

    Every form deep-copies its fields; a facet's options are dozens of
    lazily translated labels that no copy changes, and copying them took
    a large share of a rendered list page.
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class FacetFilter(django_filters.MultipleChoiceFilter):
    """A facet over a plain column: ``?kind=book&kind=video``."""

    field_class = SharedChoicesField

    def __deepcopy__(self, memo):
        """Each FilterSet copies its filters. The copy gets its own settings
        (``extra``) and builds its own form field, but shares the options."""
        copied = copy.copy(self)
        memo[id(self)] = copied
        copied.extra = dict(self.extra)
        copied.__dict__.pop("_field", None)
        copied.method = self.method  # binds the method to the copy
        return copied

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

    def _copy_with(self, data, *, match_any: bool | None = None) -> "FacetedFilterSet":
        filterset = type(self)(
            data, queryset=self.queryset, request=self.request, **self.copy_options()
        )
        filterset.match_any = self.match_any if match_any is None else match_any
        filterset._reuse_lookups(self)
        return filterset

    # With fewer results than this for all of the words, a search falls back to
    # documents holding some of them, most words first; 0 never relaxes.
    relax_below = 0

    # Whether documents need only some of the words (the relaxed search).
    match_any = False

    def relaxed(self) -> "FacetedFilterSet":
        """The same request, matching documents that hold any of the words."""
        filterset = self._copy_with(self.data, match_any=True)
        filterset.is_valid()
        return filterset

    @cached_property
    def plan(self) -> QueryPlan:
        """What the search text means (``imh_portal.query_plan``)."""
        return understand(self.text, stamp=self.stamp)

    # The parameter that orders results rather than filtering them.
    ordering_param = "sort"

    # The parameter holding the search text.
    text_param = "q"

    @property
    def chosen_sort(self) -> str:
        """The order the visitor asked for, or "" for the list's own default."""
        self.is_valid()
        return self.form.cleaned_data.get(self.ordering_param) or ""

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

    def filter_text(self, queryset, name, value):
        """The text filter's method: a full-text search of the queryset."""
        if not normalise_query(value):
            return queryset
        return queryset.search_plan(self.plan, match_any=self.match_any)

    def keep(self, queryset, name, value):
        """The method of parameters that shape the search but filter nothing."""
        return queryset

    # Cached properties a copy of the same request may reuse.
    reusable_properties: tuple[str, ...] = ("stamp", "plan")

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
    def best_match_first(
        queryset, *, window: int | None, then: tuple[str, ...], rank: str = "rank"
    ):
        """Order by how much of the search each row covers, then by ``rank``;
        with ``window``, among that many newest matches."""
        if window:
            newest = queryset.newest_first().values("pk")[:window]
            queryset = queryset.filter(pk__in=Subquery(newest))
        return queryset.order_by("-coverage", f"-{rank}", *then)

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
