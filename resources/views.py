from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from imh_portal.languages import language_from_first_visit
from imh_portal.limits import over_limit
from imh_portal.page_cache import do_not_share
from resources import services
from resources.filters import ResourceFilterSet
from resources.forms import ResourceReportForm, SuggestionForm
from resources.models import Collection, Resource
from resources.search import search_library
from roles.models import Role

RESULTS_PER_PAGE = 20


@require_safe
@language_from_first_visit
def home(request):
    return render(
        request,
        "resources/home.html",
        {
            "roles": Role.objects.in_order(),
            "collections": Collection.objects.featured(),
        },
    )


@require_safe
def resource_list(request):
    filterset = ResourceFilterSet(
        request.GET,
        queryset=Resource.objects.published(),
        prefer_language=get_language(),
    )
    if not filterset.is_valid():
        for field, errors in filterset.form.errors.items():
            label = (
                filterset.form.fields[field].label
                if field in filterset.form.fields
                else field
            )
            messages.warning(
                request,
                _("%(field)s: %(error)s The filter was left out.")
                % {"field": label, "error": " ".join(errors)},
            )
        filterset = filterset.without_invalid()
        filterset.is_valid()
    text = filterset.text
    results = search_library(
        filterset,
        page_number=request.GET.get("page"),
        per_page=RESULTS_PER_PAGE,
        language=get_language(),
    )
    if results.counted_as_miss:
        do_not_share(request)
    return render(
        request,
        "resources/resource_list.html",
        {"filterset": filterset, "results": results, "text": text},
    )


@require_safe
def resource_detail(request, slug):
    resource = get_object_or_404(
        Resource.objects.published_any_age().defer("search_vector"), slug=slug
    )
    # Querysets, read only when the page's article is rendered rather than
    # taken from the fragment cache.
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "reviews": resource.reviews.all()[:1],
            "related": resource.related(),
            "collections": Collection.objects.published().filter(resources=resource),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def resource_report(request, slug):
    resource = get_object_or_404(Resource.objects.published_any_age(), slug=slug)
    form = ResourceReportForm(request.POST or None)
    context = {"form": form, "resource": resource}
    if request.method == "POST" and form.is_valid():
        if over_limit(
            request, group="resource-reports", rate=settings.REPORT_RATE_LIMIT
        ):
            form.add_error(
                None,
                _(
                    "We have received several reports from you in a short time. "
                    "Please try again in an hour."
                ),
            )
            return render(
                request, "resources/resource_report.html", context, status=429
            )
        if not form.is_from_robot:
            services.report_problem(
                resource=resource,
                **{
                    name: form.cleaned_data[name]
                    for name in ResourceReportForm.Meta.fields
                },
            )
        return redirect("resources:report-thanks", slug=resource.slug)
    return render(request, "resources/resource_report.html", context)


@require_safe
def resource_report_thanks(request, slug):
    resource = get_object_or_404(Resource.objects.published_any_age(), slug=slug)
    return render(
        request, "resources/resource_report_thanks.html", {"resource": resource}
    )


@require_safe
def collection_list(request):
    return render(
        request,
        "resources/collection_list.html",
        {"collections": Collection.objects.published().with_visible_items()},
    )


@require_safe
def collection_detail(request, slug):
    collection = get_object_or_404(Collection.objects.published(), slug=slug)
    # Its resources, read only when its text is rendered rather than kept.
    with_items = SimpleLazyObject(
        lambda: Collection.objects.add_visible_items([collection])[0]
    )
    return render(
        request,
        "resources/collection_detail.html",
        {"collection": collection, "collection_with_items": with_items},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(
            request, group="resource-suggestions", rate=settings.SUGGESTION_RATE_LIMIT
        ):
            form.add_error(
                None,
                _(
                    "We have received several suggestions from you in a short time. "
                    "Please try again in an hour."
                ),
            )
            return render(request, "resources/suggest.html", {"form": form}, status=429)
        if not form.is_from_robot:
            services.submit_suggestion(
                **{name: form.cleaned_data[name] for name in SuggestionForm.Meta.fields}
            )
        return redirect("resources:suggest-thanks")
    return render(request, "resources/suggest.html", {"form": form})


@require_safe
def suggest_thanks(request):
    return render(request, "resources/suggest_thanks.html")
