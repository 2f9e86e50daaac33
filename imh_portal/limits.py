"""Rate limits that count per client address in the shared ``limits`` cache.

When that cache cannot be reached, a limit cannot count. Reads carry on (a
visitor is never locked out of public pages by our outage); writes are refused
(a flood of submissions or reset emails must not pass because Redis is down).
Either way the decision is logged.
"""

import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger("imh_portal.limits")

# What a cache that cannot be reached raises (Redis errors, refused sockets).
CACHE_FAILURES = (RedisError, OSError)


def over_limit(request, *, group: str, rate: str) -> bool:
    """Count this write against the client's budget; True when over it.

    Fails closed: with the limits cache away, the write is refused.
    """
    try:
        return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)
    except CACHE_FAILURES as error:
        logger.error(
            "rate limit %s cannot count (%s): refusing the write", group, error
        )
        return True


def cache_unavailable(*, group: str, reading: bool, error: Exception) -> bool:
    """Whether to allow a request the limit could not count: reads only."""
    logger.error(
        "rate limit %s cannot count (%s): %s",
        group,
        error,
        "allowing the read" if reading else "refusing the write",
    )
    return reading


def limits_cache_is_shared() -> bool:
    """Whether every worker process counts in the same place."""
    return settings.CACHES["limits"]["BACKEND"].startswith("django_redis")
