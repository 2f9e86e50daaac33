"""The About and privacy pages: who runs the portal, how the library is chosen
and reviewed, and what the portal keeps about the people who use it."""

from django.conf import settings
from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from resources.models import RETIRE_MONTHS, ResourceReview, months_before


def recent_reviewers(*, limit: int = 12) -> list[dict]:
    """Who reviewed resources in the last two years, most reviews first."""
    since = months_before(timezone.localdate(), RETIRE_MONTHS)
    return list(
        ResourceReview.objects.filter(reviewed_on__gte=since)
        .values("reviewer")
        .annotate(reviews=Count("pk"), latest=Max("reviewed_on"))
        .order_by("-reviews", "reviewer")[:limit]
    )


def operator() -> dict:
    return {
        "organisation": settings.PORTAL_ORGANISATION_NAME,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
    }


@require_safe
def about(request):
    return render(
        request,
        "about.html",
        {
            **operator(),
            # Read when the page's text is rendered, not when it is kept.
            "reviewers": SimpleLazyObject(recent_reviewers),
            "current": "about",
        },
    )


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html", operator())
