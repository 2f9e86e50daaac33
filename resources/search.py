"""The library's one door into search: the page, the API and the embed hand it
the parsed query and filters and get back rows, counts, facets and spelling."""

from typing import Literal

from imh_portal.faceted_search import SearchResults, faceted_search
from imh_portal.search_log import count_if_missed
from resources.filters import ResourceFilterSet


def search_library(
    filterset: ResourceFilterSet,
    *,
    page_number,
    per_page: int,
    with_facets: bool = True,
    strict_page: bool = False,
    shape: Literal["cards", "records"] = "cards",
    language: str = "en",
) -> SearchResults:
    """One page of published resources matching a valid ``filterset``.

    ``cards`` rows carry a snippet of the searched text, as the library page
    shows them; ``records`` rows carry what the API serialises.
    """
    results = faceted_search(
        filterset,
        page_number=page_number,
        per_page=per_page,
        with_facets=with_facets,
        strict_page=strict_page,
    )
    count_if_missed(results, language=language)

    def shown_rows():
        rows = results.rows()
        if shape == "cards" and results.plan:
            rows = rows.with_snippet(results.plan)
        return rows.for_cards() if shape == "cards" else rows.with_related()

    results.show(shown_rows)
    return results
