from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from directory import services
from directory.filters import ListingFilterSet, Unit
from directory.forms import CredentialForm, ListingInput, ReportForm, changes_of
from directory.geo import km_to_miles, parse_us_zip
from directory.models import Listing, Modality, Place, ServiceType
from directory.search import ResultGroups, search_directory
from imh_portal.accounts import EmailLanguageForm

RESULTS_PER_PAGE = 20


@dataclass(frozen=True)
class UnknownPlace:
    """A place the visitor typed that the directory does not know."""

    text: str
    is_zip_code: bool
    suggestions: list[str]

    @classmethod
    def of(cls, text: str) -> "UnknownPlace":
        # As typed, less what no place name holds (control characters, NUL).
        text = " ".join("".join(c for c in text if c.isprintable()).split())[:120]
        return cls(
            text=text,
            is_zip_code=bool(parse_us_zip(text)),
            suggestions=[str(place) for place in Place.objects.suggestions(text)],
        )


RADIUS_MILES = [5, 10, 25, 50, 100]
RADIUS_KM = [10, 25, 40, 80, 160]


@require_safe
def listing_list(request):
    filterset = ListingFilterSet(request.GET, queryset=Listing.objects.published())
    unknown_place = None
    if not filterset.is_valid():
        for field, errors in filterset.form.errors.items():
            if field == "near":
                # Said in place of the list, with what was typed kept.
                unknown_place = UnknownPlace.of(request.GET.get("near", ""))
                continue
            label = filterset.form.fields[field].label
            messages.warning(request, f"{label}: {' '.join(errors)}")
        filterset = filterset.without_invalid()
        filterset.is_valid()
    results = search_directory(
        filterset, page_number=request.GET.get("page"), per_page=RESULTS_PER_PAGE
    )
    in_miles = filterset.form.cleaned_data.get("unit") != Unit.KM
    radius_km = filterset.radius_km
    return render(
        request,
        "directory/listing_list.html",
        {
            "filterset": filterset,
            "results": results,
            "text": filterset.text,
            "place": filterset.place,
            "unknown_place": unknown_place,
            "groups": ResultGroups(results.page.object_list, in_miles=in_miles),
            "near_text": request.GET.get("near", ""),
            "radius": round(km_to_miles(radius_km) if in_miles else radius_km),
            "radius_choices": RADIUS_MILES if in_miles else RADIUS_KM,
            "unit_label": _("miles") if in_miles else _("km"),
        },
    )


@require_safe
def glossary(request):
    """Every service and model the directory filters by, in plain words."""
    return render(
        request,
        "directory/glossary.html",
        {
            "service_types": ServiceType.objects.all(),
            "modalities": Modality.objects.all(),
        },
    )


@require_safe
def listing_detail(request, slug):
    listing = get_object_or_404(Listing.objects.published(), slug=slug)
    # What the page's text shows besides the listing itself, read only when
    # that text is rendered rather than taken from the fragment cache.
    with_related = SimpleLazyObject(lambda: Listing.objects.add_related([listing])[0])
    return render(
        request,
        "directory/listing_detail.html",
        {"listing": listing, "listing_with_related": with_related},
    )


@login_required
@require_safe
def my_listings(request):
    listings = Listing.objects.owned_by(request.user).order_by("name")
    return render(
        request,
        "directory/my_listings.html",
        {
            "listings": listings,
            "email_language": EmailLanguageForm(
                initial={"language": request.user.language}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_create(request):
    listing_input = ListingInput(request.POST or None, require_contact=True)
    if request.method == "POST" and listing_input.is_valid():
        try:
            listing = services.create_listing(
                owner=request.user, changes=listing_input.to_changes()
            )
        except ValidationError as error:
            listing_input.add_error(error)
        else:
            return redirect("directory:preview", pk=listing.pk)
    return render(
        request,
        "directory/listing_form.html",
        {"listing_input": listing_input, "listing": None},
    )


# A listing in these states is sent for review from its preview.
SUBMITTABLE = {
    Listing.Status.DRAFT,
    Listing.Status.REJECTED,
    Listing.Status.WITHDRAWN,
}


@login_required
@require_safe
def listing_preview(request, pk):
    """The owner's listing as families will see it: card and page, then one
    clear "Submit for review"."""
    listing = get_object_or_404(
        Listing.objects.owned_by(request.user).with_related(), pk=pk
    )
    return render(
        request,
        "directory/listing_preview.html",
        {
            "listing": listing,
            "can_submit": listing.status in SUBMITTABLE,
            "unit_label": _("miles"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_edit(request, pk):
    listing = get_object_or_404(Listing.objects.owned_by(request.user), pk=pk)
    listing_input = ListingInput(
        request.POST or None, changes=changes_of(listing), require_contact=True
    )
    if request.method == "POST" and listing_input.is_valid():
        try:
            listing = services.update_listing(
                listing=listing, editor=request.user, changes=listing_input.to_changes()
            )
        except ValidationError as error:
            listing_input.add_error(error)
        else:
            if listing.status == Listing.Status.CHANGES_PENDING:
                messages.success(
                    request,
                    _(
                        "Your changes are waiting for a moderator. Families see the "
                        "published version until then."
                    ),
                )
            elif listing.status in SUBMITTABLE:
                return redirect("directory:preview", pk=listing.pk)
            else:
                messages.success(request, _("Saved."))
            return redirect("directory:mine")
    return render(
        request,
        "directory/listing_form.html",
        {"listing_input": listing_input, "listing": listing},
    )


@login_required
@require_POST
def listing_action(request, pk, action):
    listing = get_object_or_404(Listing.objects.owned_by(request.user), pk=pk)
    if action not in OWNER_ACTIONS:
        raise Http404("No such action.")
    service, done = OWNER_ACTIONS[action]
    try:
        service(listing=listing, editor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("directory:mine")


OWNER_ACTIONS = {
    "submit": (
        services.submit_listing,
        gettext_lazy("Sent for review. We will email you."),
    ),
    "withdraw": (
        services.withdraw_listing,
        gettext_lazy("Withdrawn from the directory."),
    ),
    "confirm": (
        services.confirm_listing,
        gettext_lazy("Thank you: confirmed as accurate."),
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_credentials(request, pk):
    listing = get_object_or_404(Listing.objects.owned_by(request.user), pk=pk)
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_credential(
                listing=listing, editor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Added. A moderator will check it with its issuer.")
            )
            return redirect("directory:credentials", pk=listing.pk)
    return render(
        request,
        "directory/listing_credentials.html",
        {"listing": listing, "form": form, "credentials": listing.credentials.all()},
    )


@login_required
@require_POST
def credential_remove(request, pk, credential_pk):
    listing = get_object_or_404(Listing.objects.owned_by(request.user), pk=pk)
    credential = get_object_or_404(listing.credentials, pk=credential_pk)
    services.remove_credential(credential=credential, editor=request.user)
    messages.success(request, _("Removed."))
    return redirect("directory:credentials", pk=listing.pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "HEAD", "POST"])
def listing_report(request, slug):
    listing = get_object_or_404(Listing.objects.published(), slug=slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.listing = listing
        report.save()
        messages.success(request, _("Thank you. A moderator will look into it."))
        return redirect(listing)
    return render(
        request, "directory/listing_report.html", {"form": form, "listing": listing}
    )
