"""The portal's public address, for links that leave the page: emails, feeds.

``SITE_URL`` wins when it is set. Without it, a request's own scheme and host
are used, so a fresh deployment never hands partners or providers links to
``127.0.0.1``. Commands run outside a request (reminders, exports) need
``SITE_URL``; ``check --deploy`` says so when it is missing.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

_request_origin: ContextVar[str] = ContextVar("request_origin", default="")


def site_url() -> str:
    """``https://host`` without a trailing slash; empty when nothing is known."""
    return settings.SITE_URL or _request_origin.get()


class RequestOriginMiddleware:
    """Remembers the origin of the request being served, for ``site_url()``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = ""  # CommonMiddleware answers 400 for this request
        # Not reset afterwards: a streamed export writes its records after the
        # view has returned, and the next request on this thread sets its own.
        _request_origin.set(origin)
        return self.get_response(request)
