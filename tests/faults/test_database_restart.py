"""PostgreSQL stopped and started again under a running portal.

One outage is staged for the whole module, under a steady stream of requests,
with a provider's listing caught half-way through its save when the database
goes away and another posted while it is away. The tests then read what
visitors, API clients, probes and the provider were answered, and what the
database holds once it is back.
"""

import contextlib
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import psycopg2
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


@pytest.fixture(scope="module")
def outage(portal: Portal, cluster: Cluster) -> Outage:
    """Stop PostgreSQL under load and in the middle of a save, then start it."""
    poller = Poller(portal)
    poller.start()
    try:
        assert poller.wait_for(
            lambda answers: {a.path for a in answers if a.status == 200} >= set(POLLED),
            seconds=30,
        ), "the portal never answered 200 before the outage:\n" + "\n".join(
            str(answer) for answer in poller.answers[-8:]
        )
        session = provider_session(portal)
        log_in(portal, session)
        token = csrf_token(ask("GET", portal.url("/directory/mine/new/"), session))

        # Hold back the last write of a listing's save (its history event), so
        # the listing and its location are written but not committed when the
        # database stops.
        holder = cluster.connect(portal.database)
        cut_off: list[Answer] = []
        try:
            with holder.cursor() as cursor:
                cursor.execute("LOCK TABLE directory_listingevent IN SHARE MODE")
            saving = threading.Thread(
                target=lambda: cut_off.append(
                    submit_listing(portal, session, CUT_OFF_NAME, token)
                ),
                daemon=True,
            )
            saving.start()
            writing_locations = blocked_on_listing_events(cluster, portal.database)
            stopping = time.monotonic()
            cluster.stop(mode="fast")
            down = time.monotonic()
        finally:
            with contextlib.suppress(psycopg2.Error):  # its server is gone
                holder.close()
        saving.join(timeout=20)
        assert cut_off, "the interrupted submission got no answer in 20 s"

        posted_while_down = submit_listing(portal, session, POSTED_DURING_OUTAGE, token)
        time.sleep(OUTAGE_SECONDS)

        starting = time.monotonic()
        cluster.start()
        accepting = time.monotonic()
        poller.wait_for(
            lambda answers: all(
                any(
                    a.path == path and a.started >= starting and a.status == 200
                    for a in answers
                )
                for path in (PAGE, API, READY)
            ),
            seconds=RECOVERY_LIMIT_SECONDS,
        )
    finally:
        poller.halt.set()
        poller.join(timeout=20)
        if not cluster.is_running():
            cluster.start()

    result = Outage(
        answers=list(poller.answers),
        stopping=stopping,
        down=down,
        starting=starting,
        accepting=accepting,
        cut_off=cut_off[0],
        cut_off_was_writing_locations=writing_locations,
        posted_while_down=posted_while_down,
    )
    token = csrf_token(ask("GET", portal.url("/directory/mine/new/"), session))
    result.posted_after = submit_listing(portal, session, POSTED_AFTER, token)
    result.rows_after = count_rows(cluster, portal.database)
    return result


def looks_like_a_crash(answer: Answer) -> bool:
    return answer.status == 500 or "Traceback" in answer.body


def test_no_answer_is_ever_a_500_or_a_stack_trace(outage):
    everything = [
        *outage.answers,
        outage.cut_off,
        outage.posted_while_down,
        outage.posted_after,
    ]
    crashes = [str(answer) for answer in everything if looks_like_a_crash(answer)]
    assert not crashes, "\n".join(crashes)
    assert all(answer.status != 0 for answer in everything), "a connection failed"


def test_pages_answer_503_with_the_help_lines_while_postgresql_is_down(outage):
    answers = outage.during(PAGE)
    assert len(answers) >= 3, "too few requests made during the outage"
    for answer in answers:
        assert answer.status == 503, answer
        assert answer.content_type.startswith("text/html"), answer
        assert answer.retry_after, answer
        for line in HELP_LINES:
            assert line in answer.body, f"{line} missing from {answer}"


def test_the_api_answers_json_503_while_postgresql_is_down(outage):
    answers = outage.during(API)
    assert len(answers) >= 3, "too few requests made during the outage"
    for answer in answers:
        assert answer.status == 503, answer
        assert answer.content_type == "application/json", answer
        assert answer.retry_after, answer
        assert "detail" in answer.body, answer


def test_readyz_reports_the_database_unavailable_while_it_is_down(outage):
    answers = outage.during(READY)
    assert len(answers) >= 3, "too few requests made during the outage"
    for answer in answers:
        assert answer.status == 503, answer
        assert answer.content_type == "application/json", answer
        assert '"database": "unavailable"' in answer.body, answer


def test_healthz_stays_200_throughout(outage):
    answers = [answer for answer in outage.answers if answer.path == ALIVE]
    assert outage.during(ALIVE), "no liveness probe during the outage"
    assert all(answer.status == 200 for answer in answers), [
        str(answer) for answer in answers if answer.status != 200
    ]


def test_answers_return_to_200_by_themselves_once_postgresql_is_back(outage, capsys):
    recovered = {
        path: outage.first_ok_after_restart(path) for path in (PAGE, API, READY)
    }
    late = [path for path, answer in recovered.items() if answer is None]
    assert not late, f"still failing {RECOVERY_LIMIT_SECONDS} s after restart: {late}"
    seconds = {
        path: max(answer.finished - outage.accepting, 0.0)
        for path, answer in recovered.items()
    }
    with capsys.disabled():
        print(
            "\nPostgreSQL outage: stopped in "
            f"{outage.down - outage.stopping:.2f} s, down "
            f"{outage.starting - outage.down:.1f} s, started in "
            f"{outage.accepting - outage.starting:.2f} s; first 200 after it "
            "accepted connections: "
            + ", ".join(f"{path} {value:.2f} s" for path, value in seconds.items())
        )
        print(
            "Answers while it was down: "
            + ", ".join(
                f"{path} {Counter(a.status for a in outage.during(path))}"
                for path in POLLED
            )
        )
    assert max(seconds.values()) < RECOVERY_LIMIT_SECONDS


def test_a_save_cut_off_by_the_outage_gets_a_503_page(outage):
    assert outage.cut_off_was_writing_locations, "the stop came before the save"
    answer = outage.cut_off
    assert answer.status == 503, answer
    for line in HELP_LINES:
        assert line in answer.body, f"{line} missing from {answer}"


def test_a_listing_posted_while_postgresql_is_down_gets_a_503_page(outage):
    answer = outage.posted_while_down
    assert answer.status == 503, answer
    assert answer.retry_after, answer
    assert "briefly unavailable" in answer.body, answer


def test_nothing_is_half_saved_after_the_outage(outage):
    rows = outage.rows_after
    assert rows[CUT_OFF_NAME] == 0, rows
    assert rows[POSTED_DURING_OUTAGE] == 0, rows
    assert rows["listings without a location"] == 0, rows
    assert rows["listings without their history"] == 0, rows


def test_the_same_form_saves_once_postgresql_is_back(outage):
    """The refusals above were the outage's, not the form's."""
    assert outage.posted_after.status == 302, outage.posted_after
    assert outage.rows_after[POSTED_AFTER] == 1, outage.rows_after
    assert outage.rows_after["locations of the listing posted after"] == 1
