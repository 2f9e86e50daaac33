"""With a read replica configured, public GET requests read from it; writes, a
request's reads after its first write, and every POST use the primary.

``DATABASES`` is fixed when Django starts, so the requests are made in another
process (``replica_check.py``) whose primary and replica are two connections to
one scratch database, created and migrated here and dropped after.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg2 import sql

from tests.scratch_databases import administer, database_url

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = f"imh_portal_replica_check_{os.getpid()}"
PUBLIC_GETS = [
    "home",
    "resource list",
    "resource search",
    "resource detail",
    "directory",
]
API_GETS = ["api resources", "api resource", "api listings"]
# A scratch database migrated in another process: seconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict:
    name = sql.Identifier(SCRATCH)
    administer(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name),
        sql.SQL("CREATE DATABASE {}").format(name),
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "imh_portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url(SCRATCH),
        "DATABASE_REPLICA_URL": database_url(SCRATCH),
        "CACHE_URL": "locmem://",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CURATOR_EMAILS": "",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tests.imh_portal.replica_check"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        administer(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def queries(report: dict, request: str) -> dict:
    return report["requests"][request]


def test_the_primary_and_the_replica_are_two_connections(report):
    assert report["pids"]["default"] != report["pids"]["replica"]


@pytest.mark.parametrize("request_name", PUBLIC_GETS)
def test_public_pages_read_from_the_replica(report, request_name):
    ran = queries(report, request_name)
    assert ran["status"] == 200
    assert ran["replica"], "the page ran no query on the replica"
    assert ran["default"] == [], "a read-only page used the primary"


@pytest.mark.parametrize("request_name", API_GETS)
def test_api_reads_come_from_the_replica(report, request_name):
    ran = queries(report, request_name)
    assert ran["status"] == 200
    assert ran["replica"], "the endpoint ran no query on the replica"
    assert ran["default"] == [], "a read-only endpoint used the primary"


@pytest.mark.parametrize("request_name", ["suggestion", "log in"])
def test_a_post_reads_and_writes_only_on_the_primary(report, request_name):
    ran = queries(report, request_name)
    assert ran["status"] == 302
    assert ran["replica"] == []
    assert any(query.startswith("INSERT") for query in ran["default"])
    assert any(query.startswith("SELECT") for query in ran["default"])


def test_a_get_that_writes_reads_its_own_write_from_the_primary(report):
    ran = queries(report, "confirm email")
    assert ran["status"] == 302
    # Before its first write the request may read from the replica: here, the
    # account the link names. Then the account is activated and the visitor
    # logged in, and every query after that first write is on the primary.
    [lookup] = ran["replica"]
    assert lookup.startswith("SELECT") and "imh_portal_user" in lookup
    first, *after = ran["default"]
    assert first.startswith("UPDATE") and '"is_active"' in first
    assert any(query.startswith("SELECT") for query in after)  # reads, on default
    assert any(query.startswith("INSERT") for query in after)  # the session
