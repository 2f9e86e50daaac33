"""A database built and filled before the guidance app existed migrates to
today's head with every role page, featured resource and listing intact (the
guidance items, featured resources and provider types now guidance's, in the
same tables), and with its tombstone triggers and curators' rights as a new
database has them."""

import os
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from tests.scratch_databases import administer, connect, database_url

pytestmark = pytest.mark.slow

# The last commit before guidance/ took over role pages, and the apps took over
# the migrations that touch their own tables.
BEFORE_THE_GUIDANCE_APP = "134d35f"

MOVED_RIGHTS = "curators' rights over what moved to guidance"
COUNTS = {
    "published role pages": (
        "SELECT count(*) FROM roles_role WHERE status = 'published'"
    ),
    "guidance items": "SELECT count(*) FROM roles_guidanceitem",
    "featured resources": "SELECT count(*) FROM resources_featuredresource",
    "provider types": "SELECT count(*) FROM directory_roleprovidertype",
    "resources": "SELECT count(*) FROM resources_resource",
    "listings": "SELECT count(*) FROM directory_listing",
    "removal triggers": (
        "SELECT count(*) FROM pg_trigger WHERE tgname IN "
        "('resources_resource_removed', 'directory_listing_removed')"
    ),
    "curators' rights": (
        "SELECT count(*) FROM auth_group_permissions gp "
        "JOIN auth_group g ON g.id = gp.group_id WHERE g.name = 'Curators'"
    ),
    MOVED_RIGHTS: (
        "SELECT count(*) FROM auth_group_permissions gp "
        "JOIN auth_group g ON g.id = gp.group_id "
        "JOIN auth_permission p ON p.id = gp.permission_id "
        "WHERE g.name = 'Curators' AND p.codename IN "
        "('change_guidanceitem', 'change_featuredresource', "
        "'change_roleprovidertype')"
    ),
}


def checkout(commit: str, into) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def manage(tree, database: str, *command: str) -> str:
    environment = {
        **{
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "EMBEDDED_DATABASE_", "PYTEST"))
        },
        "DEBUG": "true",
        "DATABASE_URL": database_url(database),
        "PYTHONPATH": str(tree),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=tree,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout


def counts(database: str) -> dict[str, int]:
    connection = connect(database)
    try:
        with connection.cursor() as cursor:
            found = {}
            for label, query in COUNTS.items():
                cursor.execute(query)
                found[label] = cursor.fetchone()[0]
            return found
    finally:
        connection.close()


@pytest.fixture
def scratch_database():
    name = f"imh_upgrade_{uuid.uuid4().hex[:8]}"
    administer(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    administer(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def test_a_database_from_before_the_guidance_app_migrates_intact(
    scratch_database, tmp_path
):
    checkout(BEFORE_THE_GUIDANCE_APP, tmp_path)
    manage(tmp_path, scratch_database, "migrate", "--no-input")
    manage(tmp_path, scratch_database, "load_starter_content")
    manage(tmp_path, scratch_database, "load_demo_listings")
    before = counts(scratch_database)
    assert before["published role pages"] == 13
    assert before["featured resources"] and before["listings"]

    manage(settings.BASE_DIR, scratch_database, "migrate", "--no-input")

    after = counts(scratch_database)
    # Curators gained the search vocabulary (view, add, change, delete), the
    # failed searches (view), resources' reviews (view, add, change, delete)
    # and visitors' reports (view, change); every other count is unchanged.
    assert after.pop("curators' rights") == before.pop("curators' rights") + 11
    assert after == before
    assert before[MOVED_RIGHTS] == 3
    connection = connect(scratch_database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT app_label FROM django_content_type WHERE model IN "
                "('guidanceitem', 'featuredresource', 'roleprovidertype')"
            )
            assert {row[0] for row in cursor.fetchall()} == {"guidance"}
    finally:
        connection.close()
    connection = connect(scratch_database)
    # Django's foreign keys are checked at commit: delete, look, roll back.
    connection.autocommit = False
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM directory_listing WHERE id = "
                "(SELECT min(id) FROM directory_listing)"
            )
            cursor.execute(
                "SELECT count(*) FROM imh_portal_tombstone WHERE kind = 'listing'"
            )
            assert cursor.fetchone()[0] == 1  # one trigger, still working
    except psycopg2.Error as error:
        pytest.fail(f"the upgraded database refused a deletion: {error}")
    finally:
        connection.rollback()
        connection.close()


def test_a_new_database_gets_the_same_triggers_and_rights(scratch_database):
    manage(settings.BASE_DIR, scratch_database, "migrate", "--no-input")
    found = counts(scratch_database)
    assert found["removal triggers"] == 2
    assert found["curators' rights"] > 0
    assert found[MOVED_RIGHTS] == 3


# What a visitor's near search resolves to, read through the page itself.
NEAR_SEARCHES = """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # so the response carries the page's context
for near in ["98101", "Seattle"]:
    response = Client().get("/directory/", {"near": near})
    place = response.context["place"]
    print(near, response.status_code, response.context["unknown_place"] is None,
          place and place.region)
"""


def test_migrate_alone_gives_a_directory_that_finds_a_zip_code_and_a_city(
    scratch_database,
):
    manage(settings.BASE_DIR, scratch_database, "migrate", "--no-input")
    found = manage(settings.BASE_DIR, scratch_database, "shell", "-c", NEAR_SEARCHES)
    lines = [line for line in found.splitlines() if line.startswith(("98", "Sea"))]
    assert lines == [
        "98101 200 True US-WA",
        "Seattle 200 True US-WA",
    ]
