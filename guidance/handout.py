"""A printable one-page handout of chosen resources and providers."""

from django import forms
from django.core.validators import validate_slug
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from directory.models import Listing
from resources.models import Resource

# A page of paper holds about this many entries; more is a mistake or abuse.
MAX_ITEMS = 30


class SlugListField(forms.Field):
    """Repeated ``?name=slug`` values, each a valid slug, at most ``MAX_ITEMS``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = [item.strip() for item in (value or []) if item.strip()]
        # Keep the chosen order, once each.
        return list(dict.fromkeys(values))

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_ITEMS:
            raise forms.ValidationError(
                _("A handout holds at most %(max)d items."), params={"max": MAX_ITEMS}
            )
        for slug in value:
            validate_slug(slug)


class HandoutForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    resource = SlugListField(label=_("Resources"), required=False)
    listing = SlugListField(label=_("Providers"), required=False)


def _in_order(rows, slugs: list[str]) -> list:
    by_slug = {row.slug: row for row in rows}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


@require_safe
def handout(request):
    """The chosen published resources and visible listings, ready to print."""
    form = HandoutForm(request.GET or None)
    resources, listings, missing = [], [], 0
    if form.is_valid():
        chosen_resources = form.cleaned_data["resource"]
        chosen_listings = form.cleaned_data["listing"]
        resources = _in_order(
            Resource.objects.published().filter(slug__in=chosen_resources),
            chosen_resources,
        )
        listings = _in_order(
            Listing.objects.published()
            .filter(slug__in=chosen_listings)
            .prefetch_related("locations"),
            chosen_listings,
        )
        missing = len(chosen_resources) + len(chosen_listings)
        missing -= len(resources) + len(listings)
    return render(
        request,
        "guidance/handout.html",
        {
            "form": form,
            "title": form.cleaned_data.get("title") if form.is_valid() else "",
            "resources": resources,
            "listings": listings,
            "missing": missing,
            "today": timezone.localdate(),
        },
    )
