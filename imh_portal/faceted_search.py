"""Running a faceted search with bounded work: counts, facet counts, spelling
and one page of ids, cached under the data's stamp.

Each app has its own door (``resources/search.py``, ``directory/search.py``)
that calls ``faceted_search`` with its FilterSet and shapes the rows it shows;
this engine knows no app.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Value
from django.utils import translation

from imh_portal.facets import Facet, FacetedFilterSet, FacetOption
from imh_portal.query_plan import QueryPlan
from imh_portal.search import SAMPLE_RATE


@dataclass
class SearchResults:
    """One page of a faceted search, with the total and the facet counts.

    Above ``SEARCH_EXACT_LIMIT`` matches the total and counts are estimated from
    the fixed sample (``estimated_total`` / ``estimated_counts``), and only the
    best ``SEARCH_RANK_WINDOW`` results can be paged through (``limited_to``).
    """

    page: Page
    ids: list[int]
    # The filters as searched: matching any word when the search was relaxed.
    filterset: "FacetedFilterSet"
    total: int
    facets: list[Facet]
    estimated_total: bool = False
    estimated_counts: bool = False
    limited_to: int | None = None
    # How the text was read: its crisis signal and spelling suggestion.
    plan: QueryPlan | None = None
    # True when too few documents held all of the words, so the results hold
    # some of them, most words first; ``all_words_total`` counts those with all.
    relaxed: bool = False
    all_words_total: int | None = None
    # Counted among the searches that failed (imh_portal.search_log): a page
    # showing it is not kept, so the next such search is counted too.
    counted_as_miss: bool = False

    @property
    def suggestion(self) -> str:
        """The text with misspelt words corrected ("Did you mean …?"), or ""."""
        return self.plan.suggestion if self.plan else ""

    @property
    def crisis(self) -> bool:
        """Whether the words signal that someone may be in danger now."""
        return bool(self.plan and self.plan.crisis)

    @property
    def no_result_has_all_words(self) -> bool:
        return self.relaxed and not self.all_words_total

    def rows(self) -> QuerySet:
        """The shown rows, unordered, for the app to shape (prefetches, snippets)."""
        base = self.filterset.queryset
        return base.filter(pk__in=self.ids) if self.ids else base.none()

    def show(self, rows: Callable[[], Iterable]) -> None:
        """Put the rows ``rows()`` gives on the page in the search's order.

        Fetching them by key alone: repeating the search would cost as much as
        the search did. They are asked for, and read, when first used, so a
        page whose results come from the fragment cache neither builds nor
        runs their query.
        """
        self.page.object_list = RowsInOrder(rows, self.ids)


class RowsInOrder(Sequence):
    """Rows in the order of ``ids``, from ``rows()`` on first use."""

    def __init__(self, rows: Callable[[], Iterable], ids: list[int]):
        self._rows, self._ids, self._read = rows, ids, None

    def _in_order(self) -> list:
        if self._read is None:
            position = {pk: index for index, pk in enumerate(self._ids)}
            self._read = sorted(self._rows(), key=lambda row: position[row.pk])
        return self._read

    def __getitem__(self, index):
        return self._in_order()[index]

    def __len__(self) -> int:
        return len(self._in_order())


@dataclass
class _Summary:
    total: int
    facets: list[Facet]
    estimated_total: bool
    estimated_counts: bool
    relaxed: bool = False
    all_words_total: int | None = None
    pages: dict = field(default_factory=dict)


def faceted_search(
    filterset: "FacetedFilterSet",
    *,
    page_number,
    per_page: int,
    with_facets: bool = True,
    strict_page: bool = False,
) -> SearchResults:
    """Run a valid ``filterset`` as a faceted search and return the requested page.

    The work per request is bounded whatever the data size: a capped count
    decides between exact figures and estimates from the sample, and relevance
    is ranked within a window of the newest matches when there are very many.
    When a text finds fewer than the FilterSet's ``relax_below`` documents
    with all of its words, documents with some of them are shown too, those
    with the most words first; the same for the page and the API.

    The page holds the ids of the shown rows (``results.ids``); the app's own
    search door fetches them in the shape it shows (``results.show(rows)``).
    With ``strict_page`` a page past the end raises ``InvalidPage`` instead of
    showing the last page.
    """
    key = _cache_key(filterset, per_page, filterset.stamp, with_facets)
    summary: _Summary | None = cache.get(key)
    if summary is None and _may_relax(filterset):
        # A count that stops at a handful decides, before any facet is counted.
        with_all_words = _count_a_handful(
            filterset.facet_queryset(filterset.matching_queryset(filterset.queryset)),
            filterset.relax_below,
        )
        if with_all_words < filterset.relax_below:
            relaxed = _summarise(filterset.relaxed(), with_facets)
            if relaxed.total > with_all_words:
                relaxed.relaxed = True
                relaxed.all_words_total = with_all_words
                summary = relaxed
    if summary is None:
        summary = _summarise(filterset, with_facets)
    if summary.relaxed:
        filterset = filterset.relaxed()

    exact_limit = settings.SEARCH_EXACT_LIMIT
    window = settings.SEARCH_RANK_WINDOW if summary.total > exact_limit else None
    browsable = min(summary.total, window) if window else summary.total
    # The paginator only numbers the pages: the rows are the ids below, so it
    # is given positions rather than the (costly to build) ordered query.
    paginator = Paginator(range(browsable), per_page)
    page = (
        paginator.page(page_number) if strict_page else paginator.get_page(page_number)
    )

    page_key = str(page.number)
    if page_key not in summary.pages:
        ordered = filterset.order_queryset(
            filterset.facet_queryset(filterset.matching_queryset(filterset.queryset)),
            window=window,
        )
        start = (page.number - 1) * per_page
        summary.pages[page_key] = list(
            ordered.values_list("pk", flat=True)[start : start + per_page]
        )
    ids = summary.pages[page_key]
    cache.set(key, summary, settings.SEARCH_CACHE_SECONDS)

    page.object_list = ids
    return SearchResults(
        page=page,
        ids=ids,
        filterset=filterset,
        total=summary.total,
        facets=summary.facets,
        estimated_total=summary.estimated_total,
        estimated_counts=summary.estimated_counts,
        limited_to=window if window and summary.total > window else None,
        plan=filterset.plan if filterset.text else None,
        relaxed=summary.relaxed,
        all_words_total=summary.all_words_total,
    )


def _may_relax(filterset: "FacetedFilterSet") -> bool:
    """Whether a search with too few documents holding every word may fall
    back to those holding some: the list allows it and there are two words."""
    return bool(
        filterset.relax_below and filterset.text and len(filterset.plan.slots) > 1
    )


def _summarise(filterset: "FacetedFilterSet", with_facets: bool) -> _Summary:
    """Count the results (and facet options), exactly when that is cheap."""
    exact_limit = settings.SEARCH_EXACT_LIMIT
    matching = filterset.matching_queryset(filterset.queryset)
    filtered = filterset.facet_queryset(matching)
    has_text = bool(filterset.text)
    total, sampled_total = _bounded_count(filtered, exact_limit, has_text=has_text)
    many_matching = (
        total > exact_limit
        if not filterset.chosen()
        else _bounded_count(matching, exact_limit, has_text=has_text)[0] > exact_limit
    )

    facets: list[Facet] = []
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


def _bounded_count(
    queryset: QuerySet, limit: int, *, has_text: bool
) -> tuple[int, int | None]:
    """The count up to ``limit`` (``limit + 1`` for more) and, for a text
    search, the count in the fixed sample, read first: a text found in many
    documents is known to be broad from the sample's small index, without
    checking thousands of rows to count them."""
    if not has_text:
        return _count_up_to(queryset, limit), None
    sampled = queryset.sampled().count()
    if sampled * SAMPLE_RATE > BROAD_SEARCH_MARGIN * limit:
        return limit + 1, sampled
    return _count_up_to(queryset, limit), sampled


def _count_a_handful(queryset: QuerySet, handful: int) -> int:
    """The row count when it is under ``handful``, else ``handful``.

    Rows found in the fixed sample promise many more, and a count that stops
    at a handful stops at once. None there promises few: then an exact count,
    which PostgreSQL answers from the text index, where a count limited to a
    handful would be planned as a scan of every row, hoping to stop early.
    """
    if queryset.sampled().exists():
        return min(_count_up_to(queryset, handful - 1), handful)
    return min(queryset.order_by().count(), handful)


# A sampled estimate this many times the exact limit is surely over it.
BROAD_SEARCH_MARGIN = 2


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
            filterset.match_any,
            # The facets' labels are cached with the counts, in this language.
            translation.get_language(),
            settings.SEARCH_EXACT_LIMIT,
            settings.SEARCH_RANK_WINDOW,
        ],
        sort_keys=True,
        default=str,
    )
    return "search:" + hashlib.sha256(payload.encode()).hexdigest()
