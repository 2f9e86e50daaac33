"""Error pages that work when the database does not, and JSON errors for the API.

Every error on an API path (``/api/…`` but the two HTML pages there, the usage
guide and the interactive docs) is JSON with a ``detail``, as the API
documents, whether DRF or Django produced it.

An unreachable database is an outage, not a bug: visitors get a 503 page (with
the help lines, which need no database) and ``Retry-After``, API clients a JSON
503, instead of a 500. Connections are checked before reuse
(``CONN_HEALTH_CHECKS``), so requests succeed again as soon as PostgreSQL is
back, with no restart.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.defaults import bad_request as default_bad_request
from django.views.defaults import page_not_found as default_page_not_found
from django.views.defaults import permission_denied as default_permission_denied
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30
logger = logging.getLogger("imh_portal.outage")


def is_api_request(request) -> bool:
    """Whether the client is an API client, which expects JSON errors."""
    if not request.path.startswith("/api/"):
        return False
    return request.path not in {reverse("api-usage"), reverse("api-docs")}


def json_error(detail: str, status: int) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500: a 503 for a database outage, the plain 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return service_unavailable(request, error)
    if is_api_request(request):
        return json_error("Something went wrong on our side.", 500)
    return default_server_error(request, template_name)


def bad_request(request, exception, template_name="400.html"):
    """handler400: a request Django refuses (unknown host, oversized body…)."""
    if is_api_request(request):
        return json_error("The request could not be understood.", 400)
    return default_bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name="403.html"):
    """handler403."""
    if is_api_request(request):
        return json_error("You do not have permission to do this.", 403)
    return default_permission_denied(request, exception, template_name)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON under /api/, Django's page elsewhere."""
    if is_api_request(request):
        return json_error("CSRF check failed: " + reason, 403)
    return default_csrf_failure(request, reason)


def service_unavailable(request, error=None) -> HttpResponse:
    logger.warning("database unavailable: %s", error)
    if is_api_request(request):
        response = JsonResponse(
            {"detail": "The service is briefly unavailable. Please try again."},
            status=503,
        )
    else:
        # Rendered without the request: context processors may need the
        # database that is away.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception):
    """handler404: JSON under /api/, as the API documents; the page elsewhere."""
    if is_api_request(request):
        return json_error("Not found.", 404)
    return default_page_not_found(request, exception)
