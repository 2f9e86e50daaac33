"""The cache on Redis, as production runs it with several app servers.

Each app server has its own cache objects and its own connections to Redis; what
one stores, the others must find: search results, the API's rate-limit history,
sessions. An "app server" here is a fresh set of Django cache objects, and so
of Redis connections, in this process.
"""

import os
import socket
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from asgiref.local import Local
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import CacheHandler, caches
from django.test import override_settings
from django.urls import reverse

from imh_portal import faceted_search
from imh_portal.cache_config import cache_from_url
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

CACHE_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    address = urlsplit(CACHE_URL)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=1):
            return True
    except OSError:
        return False


def require_redis() -> None:
    """Fail, or skip, when no Redis server answers.

    This is the suite's one allowed skip: a developer's machine may have no
    Redis. CI and production checks set REQUIRE_REDIS=1, which turns a missing
    server into a failure, so the skip can never hide a broken shared cache.
    """
    if redis_answers():
        return
    message = f"no Redis server answers at {CACHE_URL}"
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"{message}, and REQUIRE_REDIS=1 requires one", pytrace=False)
    pytest.skip(f"{message} (set REQUIRE_REDIS=1 to make this a failure)")


@pytest.fixture
def redis_cache():
    """The default cache on Redis, under a key prefix of this test's own.

    Yields the prefix; every key under it is deleted afterwards. The suite's
    ``empty_cache`` fixture clears the memory cache only: ``clear()`` on Redis
    would empty the whole database, other users' keys included.
    """
    if not redis_answers():
        yield None  # the test calls require_redis() and fails or skips
        return
    prefix = f"imh-test-{uuid.uuid4().hex[:12]}"
    caches_on_redis = {
        "default": {**cache_from_url(CACHE_URL, timeout=0.5), "KEY_PREFIX": prefix},
        "pages": {**cache_from_url(CACHE_URL, timeout=0.5), "KEY_PREFIX": prefix},
        "limits": {
            **cache_from_url(CACHE_URL, timeout=0.5, tolerate_outage=False),
            "KEY_PREFIX": prefix,
        },
    }
    server = redis.Redis.from_url(CACHE_URL)
    try:
        with override_settings(CACHES=caches_on_redis):
            yield prefix
    finally:
        for key in server.scan_iter(match=f"{prefix}:*"):
            server.delete(key)
        server.close()


def switch_app_server() -> None:
    """Serve what follows as another app server: new cache objects, new Redis
    connections, nothing shared with the previous ones but Redis itself."""
    caches.close_all()
    caches._connections = Local()  # override_settings resets it at the end


def test_two_cache_connections_see_the_same_keys(redis_cache):
    require_redis()
    first, second = CacheHandler()["default"], CacheHandler()["default"]
    assert first is not second

    first.set("greeting", {"text": "hello"}, 60)
    assert second.get("greeting") == {"text": "hello"}
    second.delete("greeting")
    assert first.get("greeting") is None
    first.set("visits", 0, 60)
    assert first.incr("visits") == 1
    assert second.incr("visits") == 2


def test_search_results_cached_by_one_server_are_used_by_another(
    client, redis_cache, monkeypatch
):
    require_redis()
    ResourceFactory(title="Secure attachment for babies")
    summaries = []
    summarise = faceted_search._summarise
    monkeypatch.setattr(
        faceted_search,
        "_summarise",
        lambda *args, **kwargs: summaries.append(1) or summarise(*args, **kwargs),
    )
    url = reverse("resources:list")

    first = client.get(url, {"q": "attachment"})
    switch_app_server()
    second = client.get(url, {"q": "attachment"})

    assert first.status_code == second.status_code == 200
    assert "Secure attachment for babies" in second.content.decode()
    assert len(summaries) == 1  # the second server searched nothing itself


def test_the_api_rate_limit_counts_across_servers(client, redis_cache, settings):
    require_redis()
    settings.API_RATES = {"anonymous": "2/min", "partner": "100/min"}
    url = reverse("api:resource-list")

    assert client.get(url).status_code == 200
    switch_app_server()
    assert client.get(url).status_code == 200
    switch_app_server()
    over = client.get(url)

    assert over.status_code == 429
    assert "Retry-After" in over.headers
    history = caches["limits"].get("throttle:anonymous:127.0.0.1")
    assert len(history) == 2


def test_a_session_started_on_one_server_is_known_to_the_others(
    client, redis_cache, settings, provider
):
    require_redis()
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(provider)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    mine = reverse("directory:mine")

    switch_app_server()
    assert client.get(mine).status_code == 200
    cached = caches["default"].get(SESSION_PREFIX + session_key)
    assert cached and "_auth_user_id" in cached

    # The database keeps sessions too, so emptying Redis logs nobody out ...
    caches["default"].delete(SESSION_PREFIX + session_key)
    switch_app_server()
    assert client.get(mine).status_code == 200
    assert Session.objects.filter(session_key=session_key).exists()

    # ... and with Redis up, another server reads the session from it alone.
    Session.objects.filter(session_key=session_key).delete()
    switch_app_server()
    assert client.get(mine).status_code == 200

    client.logout()
    switch_app_server()
    assert client.get(mine).status_code == 302  # logged out everywhere
