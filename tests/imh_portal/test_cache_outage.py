"""Redis going away mid-traffic: pages carry on uncached, rate limits let reads
through and refuse writes, and each decision is logged. A deployment whose cache
is per process is warned about by ``check --deploy``."""

import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from imh_portal.cache_config import cache_from_url
from resources.models import ResourceSuggestion
from tests.factories import SUGGESTION_FORM, ResourceFactory
from tests.imh_portal.test_security import production_environment

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, which the test may stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is needed: apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("the test's Redis did not start")
            time.sleep(0.05)
    url = f"redis://127.0.0.1:{port}/0"
    config = {
        "default": cache_from_url(url, timeout=0.5),
        "pages": cache_from_url(url, timeout=0.5),
        "limits": cache_from_url(url, timeout=0.5, tolerate_outage=False),
    }
    with override_settings(CACHES=config):
        yield server
    server.kill()
    server.wait()
    caches.close_all()


def stop(server) -> None:
    server.terminate()
    server.wait(timeout=10)
    caches.close_all()  # no pooled connection may hide the outage


def test_pages_carry_on_when_redis_stops(client, own_redis, caplog, settings):
    # Whole pages and their fragments are kept in Redis too.
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 3600
    ResourceFactory(title="Secure attachment for babies")
    pages = [
        reverse("home"),
        f"{reverse('resources:list')}?q=attachment",
        reverse("directory:list"),
        reverse("guidance:role-list"),
    ]
    assert [client.get(url).status_code for url in pages] == [200] * len(pages)

    stop(own_redis)

    # Pages seen before may come from the worker's own memory; a new one
    # has to ask Redis, which is away.
    for url in [*pages, f"{reverse('resources:list')}?q=secure"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Secure attachment for babies" in client.get(pages[1]).content.decode()
    assert any(record.name == "imh_portal.cache" for record in caplog.records)


def test_without_redis_api_reads_pass_and_writes_are_refused(
    client, own_redis, settings, caplog
):
    settings.API_RATES = {"anonymous": "1/min", "partner": "100/min"}
    stop(own_redis)

    reads = [client.get(reverse("api:resource-list")).status_code for _ in range(3)]
    suggestion = client.post(reverse("resources:suggest"), SUGGESTION_FORM)

    assert reads == [200, 200, 200]  # nothing counts, so nobody is locked out
    assert suggestion.status_code == 429
    assert ResourceSuggestion.objects.count() == 0
    decisions = [
        r.getMessage() for r in caplog.records if r.name == "imh_portal.limits"
    ]
    assert any("allowing the read" in message for message in decisions)
    assert any("refusing the write" in message for message in decisions)


def test_a_password_reset_is_refused_while_its_limit_cannot_count(
    client, own_redis, mailoutbox
):
    stop(own_redis)
    response = client.post(
        reverse("accounts:password_reset"), {"email": "provider@example.org"}
    )
    assert response.status_code == 200
    assert "Too many reset requests" in response.content.decode()
    assert mailoutbox == []


def deploy_check(**environment) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_deploy_check_warns_when_each_worker_counts_limits_alone():
    output = deploy_check(CACHE_URL="locmem://")
    assert "imh_portal.W001" in output


def test_deploy_check_warns_when_cron_emails_would_have_no_site_address():
    output = deploy_check(SITE_URL="")
    assert "imh_portal.W002" in output
