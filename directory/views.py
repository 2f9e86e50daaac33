from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.filters import ListingFilterSet, Unit
from directory.geo import km_to_miles
from directory.models import Listing
from imh_portal.facets import faceted_search
from imh_portal.models import SearchWord
from imh_portal.search import correct_spelling

RESULTS_PER_PAGE = 20
RADIUS_MILES = [5, 10, 25, 50, 100]
RADIUS_KM = [10, 25, 40, 80, 160]


@require_GET
def listing_list(request):
    filterset = ListingFilterSet(request.GET, queryset=Listing.objects.visible())
    if not filterset.is_valid():
        for field, errors in filterset.form.errors.items():
            label = filterset.form.fields[field].label
            messages.warning(request, f"{label}: {' '.join(errors)}")
        filterset = filterset.without_invalid()
        filterset.is_valid()
    results = faceted_search(
        filterset,
        page_number=request.GET.get("page"),
        per_page=RESULTS_PER_PAGE,
        stamp=filterset.stamp,
        correct_spelling=lambda text: correct_spelling(text, SearchWord.objects),
        finish_page=_finish_result_page,
    )
    in_miles = filterset.form.cleaned_data.get("unit") != Unit.KM
    for listing in results.page:
        distance = getattr(listing, "distance_km", None)
        listing.distance = (
            None
            if distance is None
            else km_to_miles(distance)
            if in_miles
            else distance
        )
    radius_km = filterset.radius_km
    return render(
        request,
        "directory/listing_list.html",
        {
            "filterset": filterset,
            "results": results,
            "text": filterset.text,
            "place": filterset.place,
            "radius": round(km_to_miles(radius_km) if in_miles else radius_km),
            "radius_choices": RADIUS_MILES if in_miles else RADIUS_KM,
            "unit_label": _("miles") if in_miles else _("km"),
        },
    )


def _finish_result_page(rows, filterset):
    """What only the shown rows need: their distance again, and relations."""
    if filterset.place:
        rows = rows.with_distance(filterset.place.point)
    return rows.with_related()


@require_GET
def listing_detail(request, slug):
    listing = get_object_or_404(Listing.objects.visible().with_related(), slug=slug)
    return render(request, "directory/listing_detail.html", {"listing": listing})
