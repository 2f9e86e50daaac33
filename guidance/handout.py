"""A printable one-page handout of chosen resources and providers.

What a visitor picks is kept in their handout basket, a signed cookie on their
own device (no account, nothing stored on our side), so picks made in the
library, the directory, a guidance page and the guided path add up; the
handout page lists them all, with a button to remove each one.
"""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.core.validators import validate_slug
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from directory.models import Listing
from resources.models import Resource

# A page of paper holds about this many entries; more is a mistake or abuse.
MAX_ITEMS = 30
BASKET_COOKIE = "handout"
BASKET_SALT = "guidance.handout.basket"
BASKET_DAYS = 30
KINDS = ("resource", "listing")


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


def read_basket(request) -> dict[str, list[str]]:
    """The visitor's basket: slugs of resources and listings, in the order
    picked. A tampered or malformed cookie reads as an empty basket."""
    try:
        stored = json.loads(
            request.get_signed_cookie(BASKET_COOKIE, default="{}", salt=BASKET_SALT)
        )
    except (BadSignature, ValueError):
        stored = {}
    basket = {}
    for kind in KINDS:
        slugs = stored.get(kind, []) if isinstance(stored, dict) else []
        basket[kind] = [slug for slug in slugs if _is_slug(slug)][:MAX_ITEMS]
    return basket


def _is_slug(value) -> bool:
    try:
        validate_slug(value)
    except (ValidationError, TypeError):
        return False
    return True


def keep_basket(response, basket: dict[str, list[str]]) -> None:
    response.set_signed_cookie(
        BASKET_COOKIE,
        json.dumps(basket, separators=(",", ":")),
        salt=BASKET_SALT,
        max_age=BASKET_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _added(basket: dict, picks: dict) -> tuple[dict, bool]:
    """The basket with ``picks`` added after what it holds; and whether all fit."""
    merged = {kind: list(dict.fromkeys(basket[kind] + picks[kind])) for kind in KINDS}
    if sum(len(slugs) for slugs in merged.values()) > MAX_ITEMS:
        return basket, False
    return merged, True


@require_safe
def handout(request):
    """Every published resource and visible listing in the visitor's basket,
    with any just picked added, ready to print."""
    form = HandoutForm(request.GET or None)
    basket, fits = read_basket(request), True
    if form.is_valid():
        basket, fits = _added(basket, {kind: form.cleaned_data[kind] for kind in KINDS})
    resources = _in_order(
        Resource.objects.published().filter(slug__in=basket["resource"]),
        basket["resource"],
    )
    listings = _in_order(
        Listing.objects.published()
        .filter(slug__in=basket["listing"])
        .prefetch_related("locations"),
        basket["listing"],
    )
    missing = len(basket["resource"]) + len(basket["listing"])
    missing -= len(resources) + len(listings)
    # Only what can still be shown stays in the basket.
    basket = {
        "resource": [row.slug for row in resources],
        "listing": [row.slug for row in listings],
    }
    response = render(
        request,
        "guidance/handout.html",
        {
            "form": form,
            "title": form.cleaned_data.get("title") if form.is_valid() else "",
            "resources": resources,
            "listings": listings,
            "missing": missing,
            "too_many": not fits,
            "max_items": MAX_ITEMS,
            "today": timezone.localdate(),
        },
    )
    keep_basket(response, basket)
    return response


@require_POST
def handout_remove(request):
    """Take one item out of the basket."""
    basket = read_basket(request)
    kind, slug = request.POST.get("kind"), request.POST.get("slug")
    if kind in KINDS and slug in basket[kind]:
        basket[kind].remove(slug)
    response = redirect("guidance:handout")
    keep_basket(response, basket)
    return response


@require_POST
def handout_clear(request):
    """Empty the basket."""
    response = redirect("guidance:handout")
    response.delete_cookie(BASKET_COOKIE, samesite="Lax")
    return response
