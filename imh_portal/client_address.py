"""Who is asking: the one client address every limit, lockout and log uses.

With no proxy in front (``TRUSTED_PROXY_COUNT=0``) the client is the socket's
peer, ``REMOTE_ADDR``, and ``X-Forwarded-For`` is ignored: anyone can write it.
Behind N trusted proxies, each appends the address it saw to
``X-Forwarded-For``, so the client is the N-th entry from the right; entries
further left were written by the client and are never trusted.
"""

import logging

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

# The bucket of a request that has no address at all; a name, never bound to.
UNKNOWN_ADDRESS = "0.0.0.0"  # nosec B104


def client_ip(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it; never raises."""
    trusted_hops = settings.TRUSTED_PROXY_COUNT
    if trusted_hops > 0:
        try:
            address, _routable = get_client_ip(
                request,
                # python-ipware counts the proxies listed in the header, which
                # excludes the last one (it is REMOTE_ADDR): the N-th entry from
                # the right is chain[-(count + 1)] with count = N - 1.
                proxy_count=trusted_hops - 1,
                request_header_order=["HTTP_X_FORWARDED_FOR"],
                strict=False,
            )
        except ValueError:
            address = None
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or UNKNOWN_ADDRESS


class ClientAddressFilter(logging.Filter):
    """Adds ``client_ip`` to log records that carry a request (``django.request``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.client_ip = (
            client_ip(request) if isinstance(request, HttpRequest) else "-"
        )
        return True
