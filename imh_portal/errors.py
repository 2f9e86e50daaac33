"""Error pages that work when the database does not.

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
from django.views.defaults import page_not_found as default_page_not_found
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30
logger = logging.getLogger("imh_portal.outage")


def server_error(request, template_name="500.html"):
    """handler500: a 503 for a database outage, the plain 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return service_unavailable(request, error)
    return default_server_error(request, template_name)


def service_unavailable(request, error=None) -> HttpResponse:
    logger.warning("database unavailable: %s", error)
    if request.path.startswith("/api/"):
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
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return default_page_not_found(request, exception)
