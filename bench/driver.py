"""Drive the portal's real endpoints in-process and time each request.

Requests go through ``django.test.Client``: the full middleware, URL, view,
template and serializer stack, without a network in between, so the figures are
what a worker spends per request. Every request's SQL is captured to count
queries and sum their database time; the heaviest statements can then be run
again under ``EXPLAIN (ANALYZE, BUFFERS)``.
"""

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.core.cache import caches
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from imh_portal.templatetags.fragments import recent_fragments


@dataclass(frozen=True)
class Scenario:
    """A named list of requests, in the order a mix of visitors would send them."""

    name: str
    paths: Sequence[str]
    note: str = ""


class DataSummary(Protocol):
    """What preparing a data set reports: printed lines, and fields for JSON."""

    def summary_lines(self) -> list[str]: ...


@dataclass(frozen=True)
class Group:
    """A data set and the scenarios that measure it (the library, later others)."""

    name: str
    prepare: Callable[..., DataSummary]  # builds or reuses the data set
    scenarios: Callable[..., list[Scenario]]
    # Requests whose main statements are explained, as (label, path).
    explained: Callable[..., list[tuple[str, str]]]
    # Names the statements worth explaining; None skips a statement.
    classify: Callable[[str], str | None]


@dataclass(frozen=True)
class Sample:
    path: str
    ms: float
    db_ms: float
    queries: int


@dataclass
class Row:
    """One line of the results table: a scenario run cold or warm."""

    scenario: str
    cache: str
    n: int
    p50: float
    p95: float
    p99: float
    max: float
    db_p50: float
    queries_min: int
    queries_max: int
    note: str = ""
    slowest: list[dict] = field(default_factory=list)


@dataclass
class Explained:
    """One statement of one request, run again under EXPLAIN ANALYZE."""

    request: str
    statement: str
    planning_ms: float
    execution_ms: float
    jit_ms: float
    shared_hit: int
    shared_read: int
    top_node: str
    plan: str
    sql: str


class BenchError(RuntimeError):
    """A request answered with something other than 200 OK."""


class StatementTimer:
    """Adds up the time spent in SQL statements, to the microsecond."""

    def __init__(self) -> None:
        # Django's captured "time" is rounded to the millisecond, too coarse here.
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class Driver:
    """Sends requests with one test client and one database connection."""

    def __init__(self) -> None:
        self.client = Client()

    def request(self, path: str) -> Sample:
        timer = StatementTimer()
        # Capturing keeps Django from emptying its query log between requests;
        # a full log would make every later capture look empty.
        reset_queries()
        with (
            CaptureQueriesContext(connection) as queries,
            connection.execute_wrapper(timer),
        ):
            started = time.perf_counter()
            response = self.client.get(path)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise BenchError(f"GET {path} answered {response.status_code}")
        return Sample(path, elapsed * 1000, timer.seconds * 1000, len(queries))

    def run(self, scenario: Scenario, *, cold: bool, seconds: float) -> Row:
        """Time the requests of ``scenario`` in order, for at most ``seconds``.

        Cold empties every cache before each request, so nothing the portal
        cached (search results, facet counts, region choices, fragments)
        helps. Warm first sends each distinct request once, then measures the
        mix with the caches kept, as a busy site would see it. The mix is a
        random draw, so stopping early still leaves a fair sample of it.
        """
        if not cold:
            for path in dict.fromkeys(scenario.paths):
                self.request(path)
        samples = []
        deadline = time.perf_counter() + seconds
        for path in scenario.paths:
            if time.perf_counter() > deadline:
                break
            if cold:
                clear_caches()
            samples.append(self.request(path))
        return summarise(scenario, samples, "cold" if cold else "warm")

    def statements(self, path: str) -> list[str]:
        """The SQL one cold request runs, parameters filled in."""
        clear_caches()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        if response.status_code != 200:
            raise BenchError(f"GET {path} answered {response.status_code}")
        return [query["sql"] for query in queries.captured_queries]


def clear_caches() -> None:
    for each in caches.all():
        each.clear()
    recent_fragments.clear()


def summarise(scenario: Scenario, samples: list[Sample], mode: str) -> Row:
    times = sorted(sample.ms for sample in samples)
    counts = [sample.queries for sample in samples]
    slowest = sorted(samples, key=lambda sample: sample.ms, reverse=True)[:5]
    return Row(
        scenario=scenario.name,
        cache=mode,
        n=len(samples),
        p50=percentile(times, 50),
        p95=percentile(times, 95),
        p99=percentile(times, 99),
        max=times[-1],
        db_p50=percentile(sorted(sample.db_ms for sample in samples), 50),
        queries_min=min(counts),
        queries_max=max(counts),
        note=scenario.note,
        slowest=[
            {
                "path": s.path,
                "ms": round(s.ms, 1),
                "db_ms": round(s.db_ms, 1),
                "queries": s.queries,
            }
            for s in slowest
        ],
    )


def percentile(ordered: Sequence[float], rank: float) -> float:
    """Nearest-rank percentile of an already sorted, non-empty sequence."""
    index = max(0, math.ceil(rank / 100 * len(ordered)) - 1)
    return ordered[index]


_PLANNING = re.compile(r"Planning Time: ([\d.]+) ms")
_EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
_JIT = re.compile(r"Timing: .*Total ([\d.]+) ms")
_BUFFERS = re.compile(r"Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?")


def explain(request: str, statement: str, sql: str) -> Explained:
    """Run ``sql`` twice under EXPLAIN (ANALYZE, BUFFERS); keep the second run.

    The first run loads the pages it needs into PostgreSQL's buffers, so the
    figures kept are those of a server that has been answering searches.
    """
    with connection.cursor() as cursor:
        for _run in range(2):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
    plan = "\n".join(lines)
    buffers = _BUFFERS.search(plan)
    jit = _JIT.search(plan)
    return Explained(
        request=request,
        statement=statement,
        planning_ms=float(_PLANNING.search(plan)[1]),
        execution_ms=float(_EXECUTION.search(plan)[1]),
        jit_ms=float(jit[1]) if jit else 0.0,
        shared_hit=int(buffers[1] or 0) if buffers else 0,
        shared_read=int(buffers[2] or 0) if buffers else 0,
        top_node=lines[0].split("  (")[0].strip(),
        plan=plan,
        sql=sql,
    )


def explain_requests(driver: Driver, group: Group, options) -> list[Explained]:
    """Explain the statements ``group.classify`` names, for each chosen request."""
    results = []
    for label, path in group.explained(options):
        for sql in driver.statements(path):
            statement = group.classify(sql)
            if statement is not None:
                results.append(explain(label, statement, sql))
    return results


def format_rows(rows: Sequence[Row]) -> str:
    header = (
        f"{'scenario':<34} {'cache':<5} {'n':>4} {'p50':>8} {'p95':>8} "
        f"{'p99':>8} {'max':>8} {'db p50':>8} {'queries':>8}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        queries = (
            str(row.queries_min)
            if row.queries_min == row.queries_max
            else f"{row.queries_min}–{row.queries_max}"
        )
        lines.append(
            f"{row.scenario:<34} {row.cache:<5} {row.n:>4} {row.p50:>8.1f} "
            f"{row.p95:>8.1f} {row.p99:>8.1f} {row.max:>8.1f} {row.db_p50:>8.1f} "
            f"{queries:>8}"
        )
    return "\n".join(lines)


def format_explained(results: Sequence[Explained]) -> str:
    header = (
        f"{'request':<26} {'statement':<18} {'plan':>7} {'exec':>8} {'jit':>7} "
        f"{'hit':>7} {'read':>6}  top plan node"
    )
    lines = [header, "-" * len(header)]
    for item in results:
        lines.append(
            f"{item.request:<26} {item.statement:<18} {item.planning_ms:>7.1f} "
            f"{item.execution_ms:>8.1f} {item.jit_ms:>7.1f} {item.shared_hit:>7} "
            f"{item.shared_read:>6}  {item.top_node[:60]}"
        )
    return "\n".join(lines)


def statement_classifier(
    patterns: Sequence[tuple[str, Sequence[str]]], tables: Sequence[str]
) -> Callable[[str], str | None]:
    """Name statements on ``tables`` by the first label whose patterns all match."""

    def classify(sql: str) -> str | None:
        text = sql.lower()
        if not any(table in text for table in tables):
            return None
        for label, wanted in patterns:
            if all(re.search(pattern, text) for pattern in wanted):
                return label
        return None

    return classify
