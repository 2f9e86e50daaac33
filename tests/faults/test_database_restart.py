"""PostgreSQL stopped and started again under a running portal.

One outage is staged for the whole module, under a steady stream of requests,
with a provider's listing caught half-way through its save when the database
goes away and another posted while it is away. The tests then read what
visitors, API clients, probes and the provider were answered, and what the
database holds once it is back.
"""

import contextlib
import threading
import time
from collections import Counter

import psycopg2
import pytest

from tests.faults.conftest import Cluster, Portal
from tests.faults.outage import (
    ALIVE,
    API,
    CUT_OFF_NAME,
    HELP_LINES,
    OUTAGE_SECONDS,
    PAGE,
    POLLED,
    POSTED_AFTER,
    POSTED_DURING_OUTAGE,
    READY,
    RECOVERY_LIMIT_SECONDS,
    Answer,
    Outage,
    Poller,
    ask,
    blocked_on_listing_events,
    count_rows,
    csrf_token,
    log_in,
    provider_session,
    submit_listing,
)


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
