"""Measure the library's search on the relevance set.

Builds a fresh database, ``imh_portal_relevance``, on the server DATABASE_URL
names (or the embedded one), migrated and loaded with the starter content only,
as a new portal is; then runs every query through the library's search as the
page does and prints success@3, success@5, mean reciprocal rank and the
zero-result rate per group, and the queries that failed.

    make relevance
"""

import io
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "imh_portal_relevance"


def fresh_database() -> None:
    """Point the settings at a new, empty relevance database."""
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        server = {
            "user": unquote(parts.username or "") or None,
            "password": unquote(parts.password or "") or None,
            "host": parts.hostname,
            "port": parts.port,
        }
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DATABASE}"))
    else:
        from imh_portal.embedded_db import start_if_needed

        os.environ["EMBEDDED_DATABASE_NAME"] = DATABASE
        start_if_needed()
        server = {
            "user": "postgres",
            "host": os.environ["EMBEDDED_DATABASE_HOST"],
            "port": os.environ["EMBEDDED_DATABASE_PORT"] or None,
        }

    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(dbname="postgres", **server)
    try:
        connection.autocommit = True  # DROP and CREATE DATABASE refuse transactions
        with connection.cursor() as cursor:
            name = sql.Identifier(DATABASE)
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
            )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    finally:
        connection.close()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "imh_portal.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "relevance-only-" + "x" * 40)
    os.environ["CACHE_URL"] = "locmem://"
    fresh_database()

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_starter_content", stdout=io.StringIO())

    from bench.relevance.judge import load_queries, report, score

    print(report(score(load_queries())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
