"""The directory's one door into search: the page and the API hand it the parsed
query and filters and get back listings, counts, facets and spelling."""

from typing import Literal

from django.utils.functional import cached_property

from directory.filters import ListingFilterSet
from directory.geo import km_to_miles
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

    def shown_rows():
        rows = results.rows()
        place = results.filterset.place
        if place:
            # Only a location within the radius gives a distance: a telehealth
            # listing whose office is farther away is shown without one.
            rows = rows.with_distance(place.point, within_km=filterset.radius_km)
        return rows.for_cards() if shape == "cards" else rows.with_related()

    results.show(shown_rows)
    return results


class ResultGroups:
    """A page of results near a place: in person within the radius first, then
    those who see families there by video, in a group of their own without a
    distance. Worked out on first use: a page whose list is kept as a fragment
    never reads its rows."""

    def __init__(self, rows, *, in_miles: bool):
        self._rows, self._in_miles = rows, in_miles

    @cached_property
    def all(self) -> list:
        for listing in self._rows:
            distance = getattr(listing, "distance_km", None)
            if distance is not None and self._in_miles:
                distance = km_to_miles(distance)
            listing.distance = distance
        return list(self._rows)

    @cached_property
    def nearby(self) -> list:
        return [row for row in self.all if row.distance is not None]

    @cached_property
    def by_video(self) -> list:
        return [row for row in self.all if row.distance is None]
