"""Staging a PostgreSQL outage under a running portal, and reading what it
answered: requests that record their answer (even no answer at all), a poller
that keeps asking, a provider's session and listing form, and the database's
rows and locks looked at directly."""

import re
import threading
import time
from dataclasses import dataclass, field

import pytest
import requests

from tests.faults.conftest import (
    LISTING_ZIP,
    PROVIDER_EMAIL,
    PROVIDER_PASSWORD,
    Cluster,
    Portal,
)

PAGE, API, READY, ALIVE = "/resources/", "/api/v1/resources/", "/readyz", "/healthz"
POLLED = [PAGE, API, READY, ALIVE]
HELP_LINES = ["988", "1-833-852-6262", "1-800-944-4773", "911"]
REQUEST_TIMEOUT = (3, 15)  # connect, read
OUTAGE_SECONDS = 4
RECOVERY_LIMIT_SECONDS = 15
CUT_OFF_NAME = "Cut Off Mid-Save Family Therapy"
POSTED_DURING_OUTAGE = "Posted During Outage Family Therapy"
POSTED_AFTER = "Posted After Recovery Family Therapy"


@dataclass
class Answer:
    path: str
    started: float
    finished: float
    status: int  # 0: no HTTP answer at all
    content_type: str = ""
    retry_after: str | None = None
    body: str = ""

    def __str__(self) -> str:
        return f"{self.path} -> {self.status} {self.content_type} {self.body[:200]!r}"


@dataclass
class Outage:
    """What happened around one stop and start of PostgreSQL."""

    answers: list[Answer]
    stopping: float  # pg_ctl stop called
    down: float  # pg_ctl stop returned
    starting: float  # pg_ctl start called
    accepting: float  # PostgreSQL accepts connections again
    cut_off: Answer  # the listing whose save the stop interrupted
    cut_off_was_writing_locations: bool
    posted_while_down: Answer
    rows_after: dict[str, int] = field(default_factory=dict)
    posted_after: Answer | None = None

    def during(self, path: str) -> list[Answer]:
        """Answers to requests made entirely while PostgreSQL was down."""
        return [
            answer
            for answer in self.answers
            if answer.path == path
            and answer.started > self.down
            and answer.finished < self.starting
        ]

    def first_ok_after_restart(self, path: str) -> Answer | None:
        return next(
            (
                answer
                for answer in self.answers
                if answer.path == path
                and answer.started >= self.starting
                and answer.status == 200
            ),
            None,
        )


def ask(method: str, url: str, session=None, **kwargs) -> Answer:
    """One request; a refused or broken connection is an answer too (status 0)."""
    if session is not None:
        # The cookies are marked Secure and this is plain HTTP: sent as the
        # TLS-terminating proxy in front of the portal would pass them on.
        kwargs["headers"] = {
            "Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        }
    started = time.monotonic()
    try:
        response = (session or requests).request(
            method, url, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
        )
    except requests.RequestException as error:
        return Answer(url, started, time.monotonic(), 0, body=repr(error))
    return Answer(
        path=url,
        started=started,
        finished=time.monotonic(),
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        retry_after=response.headers.get("Retry-After"),
        body=response.text,
    )


class Poller(threading.Thread):
    """Keeps asking for the polled paths, one after the other, until stopped."""

    def __init__(self, portal: Portal):
        super().__init__(daemon=True)
        self.portal = portal
        self.answers: list[Answer] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            for path in POLLED:
                answer = ask("GET", self.portal.url(path))
                answer.path = path
                self.answers.append(answer)

    def wait_for(self, test, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if test(list(self.answers)):
                return True
            time.sleep(0.05)
        return False


def provider_session(portal: Portal) -> requests.Session:
    """A browser behind the TLS-terminating proxy the production settings expect."""
    session = requests.Session()
    session.headers.update(
        {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Origin": f"https://127.0.0.1:{portal.port}",
            "Referer": f"https://127.0.0.1:{portal.port}/",
        }
    )
    return session


def csrf_token(answer: Answer) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.body)
    assert match, f"no CSRF token in {answer}"
    return match.group(1)


def log_in(portal: Portal, session: requests.Session) -> None:
    form = ask("GET", portal.url("/accounts/log-in/"), session)
    assert form.status == 200, form
    answer = ask(
        "POST",
        portal.url("/accounts/log-in/"),
        session,
        data={
            "username": PROVIDER_EMAIL,
            "password": PROVIDER_PASSWORD,
            "csrfmiddlewaretoken": csrf_token(form),
        },
    )
    assert answer.status == 302, answer


def listing_form(name: str, token: str) -> dict[str, str]:
    zip_code, city, region, _latitude, _longitude = LISTING_ZIP
    return {
        "csrfmiddlewaretoken": token,
        "kind": "individual",
        "name": name,
        "languages": "en",
        "delivery": "office",
        "accepting": "yes",
        "phone": "206-555-0100",
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "10",
        "locations-0-city": city,
        "locations-0-region": region,
        "locations-0-postal_code": zip_code,
        "locations-0-show_address": "on",
    }


def submit_listing(portal: Portal, session: requests.Session, name: str, token: str):
    return ask(
        "POST",
        portal.url("/directory/mine/new/"),
        session,
        data=listing_form(name, token),
    )


def blocked_on_listing_events(cluster: Cluster, database: str) -> bool:
    """Wait until a backend waits to record a listing's event; returns whether
    its transaction has written location rows by then."""
    watcher = cluster.connect(database)
    watcher.autocommit = True
    try:
        deadline = time.monotonic() + 4  # inside the workers' 5 s statement timeout
        with watcher.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query ILIKE '%%directory_listingevent%%'"
                )
                row = cursor.fetchone()
                if row:
                    cursor.execute(
                        "SELECT EXISTS (SELECT 1 FROM pg_locks l"
                        " JOIN pg_class c ON c.oid = l.relation"
                        " WHERE l.pid = %s AND c.relname = 'directory_location'"
                        " AND l.mode = 'RowExclusiveLock' AND l.granted)",
                        [row[0]],
                    )
                    return cursor.fetchone()[0]
                time.sleep(0.02)
    finally:
        watcher.close()
    pytest.fail("the listing's save never reached its event row")


def count_rows(cluster: Cluster, database: str) -> dict[str, int]:
    connection = cluster.connect(database)
    try:
        with connection.cursor() as cursor:
            counts = {}
            for name in (CUT_OFF_NAME, POSTED_DURING_OUTAGE, POSTED_AFTER):
                cursor.execute(
                    "SELECT count(*) FROM directory_listing WHERE name = %s", [name]
                )
                counts[name] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM directory_listing l"
                " WHERE l.owner_id IS NOT NULL"
                " AND cardinality(l.telehealth_regions) = 0 AND NOT EXISTS"
                " (SELECT 1 FROM directory_location o WHERE o.listing_id = l.id)"
            )
            counts["listings without a location"] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM directory_listing l WHERE l.owner_id IS NOT NULL"
                " AND NOT EXISTS"
                " (SELECT 1 FROM directory_listingevent e WHERE e.listing_id = l.id)"
            )
            counts["listings without their history"] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM directory_location o JOIN directory_listing l"
                " ON l.id = o.listing_id WHERE l.name = %s",
                [POSTED_AFTER],
            )
            counts["locations of the listing posted after"] = cursor.fetchone()[0]
        return counts
    finally:
        connection.close()
