"""Pages about the portal itself."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

# A stable address for partners' pages: not the hashed name, which changes.
EMBED_SCRIPT_PATH = f"/{settings.STATIC_URL.strip('/')}/js/embed.js"


@require_safe
def api_usage(request):
    return render(
        request,
        "pages/api_usage.html",
        {
            "origin": f"{request.scheme}://{request.get_host()}",
            "rates": settings.API_RATES,
            "docs_url": reverse("api-docs"),
            "schema_url": reverse("api-schema"),
            "embed_path": EMBED_SCRIPT_PATH,
        },
    )


@require_safe
def accessibility(request):
    return render(
        request,
        "pages/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )
