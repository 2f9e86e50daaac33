"""The CACHES entry for a CACHE_URL (read by settings; imports nothing of Django's
settings, so settings can use it)."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def cache_from_url(
    url: str,
    *,
    timeout: float,
    tolerate_outage: bool = True,
    name: str = "default",
    entries: int = 300,
) -> dict:
    """A cache from its URL.

    On Redis, a cache that tolerates an outage answers every read as a miss and
    drops writes (logging each), so pages carry on uncached; the rate limits'
    cache does not, so that a limit can decide for itself (imh_portal.limits).
    In memory, each ``name`` is a store of its own holding at most ``entries``
    (Redis has no such limit): kept pages and fragments would otherwise push
    search results and rate-limit counts out of a shared one.
    """
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": tolerate_outage,
                # An unreachable or hung Redis costs a page at most this long.
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
            },
        }
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": name,
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, "
        f"not {url!r}"
    )
