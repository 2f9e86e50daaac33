"""Bulk loading for the benchmark's data sets: COPY, index rebuilds, bookkeeping.

A data set is loaded without its table's secondary indexes and indexed once at
the end, several times faster than updating every index for each row. The
dropped definitions are first saved in ``bench_state`` (a table of the
benchmark database only), so a run that dies half-way is repaired by the next.
``bench_state`` also records which builds finished, with their size and seed.
"""

import io
import itertools
import json
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

from django.db import connection

BATCH = 10_000
STATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS bench_state (name text PRIMARY KEY, value text)"
)


def copy_lines(table: str, columns: Sequence[str], lines: Iterator[str]) -> None:
    """COPY tab-separated ``lines`` into ``table``, in batches."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    # One thread makes the next batch while PostgreSQL stores this one; the
    # batches still come in order, so the data is the same as without it.
    with ThreadPoolExecutor(max_workers=1) as maker:
        pending = maker.submit(_next_batch, lines)
        while batch := pending.result():
            pending = maker.submit(_next_batch, lines)
            with connection.cursor() as cursor:
                cursor.copy_expert(sql, io.StringIO("".join(batch)))


def copy_line(values: Sequence[object]) -> str:
    """One line of COPY's text format."""
    return "\t".join(_copy_value(value) for value in values) + "\n"


def array(values: Sequence[str]) -> str:
    """A PostgreSQL array literal of plain words, for COPY."""
    return "{" + ",".join(values) + "}"


def drop_secondary_indexes(name: str, table: str) -> list[str]:
    """Drop the indexes no constraint needs; returns the SQL that rebuilds them.

    The list comes from the catalogue, so indexes added by later migrations are
    rebuilt too, plus any that a half-finished earlier build left dropped.
    """
    left_dropped = read_state(name).get("indexes", [])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for index, _definition in indexes:
            cursor.execute(f"DROP INDEX {index}")
    definitions = list(dict.fromkeys([*left_dropped, *(sql for _i, sql in indexes)]))
    write_state(name, {"complete": False, "indexes": definitions})
    return definitions


def compact(table: str) -> None:
    """Rewrite ``table`` without the row versions updates left behind.

    Run after the load commits: only then are the old versions dead.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL {table}")


def build_indexes(definitions: Sequence[str]) -> None:
    """Create the indexes; run inside the transaction that marks the build done."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


def vacuum_analyze() -> None:
    """Fresh statistics and visibility map, as on a database that has settled."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def read_state(name: str) -> dict:
    """What the last build of data set ``name`` recorded."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_TABLE)
        cursor.execute("SELECT value FROM bench_state WHERE name = %s", [name])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else {}


def write_state(name: str, value: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(STATE_TABLE)
        cursor.execute(
            "INSERT INTO bench_state (name, value) VALUES (%s, %s)"
            " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
            [name, json.dumps(value)],
        )


def _next_batch(lines: Iterator[str]) -> list[str]:
    return list(itertools.islice(lines, BATCH))


def _copy_value(value: object) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
