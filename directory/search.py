"""The directory's one door into search: the page and the API hand it the parsed
query and filters and get back listings, counts, facets and spelling."""

from typing import Literal

from directory.filters import ListingFilterSet
from imh_portal.faceted_search import SearchResults, faceted_search


def search_directory(
    filterset: ListingFilterSet,
    *,
    page_number,
    per_page: int,
    with_facets: bool = True,
    strict_page: bool = False,
    shape: Literal["cards", "records"] = "cards",
) -> SearchResults:
    """One page of visible listings matching a valid ``filterset``.

    Near a place, each row carries its distance. ``cards`` rows carry what the
    directory page's cards show; ``records`` rows what the API serialises.
    """
    results = faceted_search(
        filterset,
        page_number=page_number,
        per_page=per_page,
        with_facets=with_facets,
        strict_page=strict_page,
    )
    rows = results.rows()
    place = results.filterset.place
    if place:
        # Only a location within the radius gives a distance: a telehealth
        # listing whose office is farther away is shown without one.
        rows = rows.with_distance(place.point, within_km=filterset.radius_km)
    results.show(rows.for_cards() if shape == "cards" else rows.with_related())
    return results
