"""Benchmark the portal's search on a large generated data set.

Runs against its own database, ``imh_portal_bench``, on the server DATABASE_URL
names (or the embedded one), so development data is never touched. The data
set is generated once and reused while it has the requested size. Figures are
printed as a table and written to ``var/bench/last-run.json``.

    make bench BENCH_ARGS="--resources 20000 --requests 50"
"""

import argparse
import dataclasses
import gc
import json
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

if TYPE_CHECKING:  # importable only once Django is set up
    from bench.driver import Driver, Explained, Row

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "imh_portal_bench"
RESULTS = ROOT / "var" / "bench" / "last-run.json"
# Each group builds its own data set and measures it; a directory group
# (listings, near-me searches) goes beside the library's.
GROUPS = ["bench.resources_scenarios", "bench.directory_scenarios"]
GROUPS.append("bench.hsds_scenarios")  # the directory as Open Referral HSDS


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--resources", type=int, default=100_000, help="resources in the data set"
    )
    parser.add_argument(
        "--listings",
        type=int,
        default=50_000,
        help="directory listings in the data set",
    )
    parser.add_argument(
        "--only",
        choices=["resources", "directory", "hsds"],
        help="measure one group only",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=200,
        help="requests per scenario, measured cold and then warm",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="drop and regenerate the data set"
    )
    parser.add_argument(
        "--seconds-per-row",
        type=float,
        default=30,
        help="stop measuring a row after this long, even if requests remain",
    )
    parser.add_argument("--seed", type=int, default=42, help="seed for data and mixes")
    parser.add_argument(
        "--show-plans", action="store_true", help="print every explained plan"
    )
    return parser.parse_args(argv)


def use_bench_database() -> str:
    """Point the settings at the benchmark database; returns where it lives."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        # The embedded server creates the database itself when settings load.
        os.environ["EMBEDDED_DATABASE_NAME"] = BENCH_DATABASE
        return f"embedded server, database {BENCH_DATABASE}"
    parts = urlsplit(url)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    _create_database(parts)
    return f"{parts.hostname}:{parts.port or 5432}, database {BENCH_DATABASE}"


def _create_database(parts: SplitResult) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(
        dbname="postgres",
        user=unquote(parts.username or "") or None,
        password=unquote(parts.password or "") or None,
        host=parts.hostname,
        port=parts.port,
    )
    try:
        connection.autocommit = True  # CREATE DATABASE refuses transactions
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
            )
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE))
                )
    finally:
        connection.close()


def setup_django() -> None:
    """Load the portal's settings for the benchmark database and migrate it."""
    # Run as a script, Python put bench/ first on the path; the project root
    # belongs there instead, so `imh_portal` and `bench.*` import as packages.
    sys.path[0] = str(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "imh_portal.settings"
    # Production settings, as served: cached templates, hashed static files. Only
    # the test client's host name and plain HTTP differ.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # Cold runs clear the cache before every request: never a shared Redis.
    os.environ["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", "locmem://")
    # Every request renders its page: whole pages kept for anonymous visitors
    # are bench/pages.py's to measure. Fragments and search results are kept
    # when warm, and cleared before every request when cold.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    # One client sends every request: the per-client API limit would stop it.
    os.environ["API_RATE_ANONYMOUS"] = "1000000/min"

    import django
    from django.core.management import call_command

    from imh_portal.embedded_db import start_if_needed

    start_if_needed()  # the bundled PostgreSQL, when no DATABASE_URL is set
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # As the WSGI entry point does: keep start-up objects out of collections.
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    database = use_bench_database()
    setup_django()

    from bench.driver import Driver

    run = header(options, database)
    driver = Driver()
    for module_name in GROUPS:
        if options.only and not module_name.endswith(f".{options.only}_scenarios"):
            continue
        run["groups"].append(measure_group(driver, module_name, options))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(run, indent=2, default=str) + "\n")
    print(f"\nFigures written to {RESULTS.relative_to(ROOT)}")
    return 0


def header(options: argparse.Namespace, database: str) -> dict:
    """Print what the figures depend on; returns it as the start of the JSON."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    started = datetime.now().astimezone()
    search_settings = {
        name: getattr(settings, name)
        for name in dir(settings)
        if name.startswith("SEARCH_")
    }
    print("Infant Mental Health Portal benchmark")
    print(f"  date       {started:%Y-%m-%d %H:%M %Z}")
    print(f"  database   PostgreSQL {server_version} ({database})")
    print(
        f"  python     {platform.python_version()}, cache "
        f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(
        "  settings   "
        + ", ".join(f"{name}={value}" for name, value in search_settings.items())
    )
    print(
        f"  options    up to {options.requests} requests or "
        f"{options.seconds_per_row:g} s per row, seed {options.seed}"
    )
    return {
        "date": started.isoformat(timespec="seconds"),
        "postgresql": server_version,
        "database": database,
        "settings": search_settings,
        "options": vars(options),
        "groups": [],
    }


def measure_group(
    driver: "Driver", module_name: str, options: argparse.Namespace
) -> dict:
    """Prepare one group's data, measure its scenarios, print and return figures."""
    from importlib import import_module

    from bench.driver import explain_requests

    group = import_module(module_name).GROUP
    print(f"\n== {group.name}")
    report = group.prepare(options)
    for line in report.summary_lines():
        print(f"  {line}")

    started = time.perf_counter()
    scenarios = group.scenarios(options)
    # Keep one-off costs (lazy imports, template compilation) out of the figures.
    for scenario in scenarios:
        driver.request(scenario.paths[0])
    rows = []
    for scenario in scenarios:
        cold = driver.run(scenario, cold=True, seconds=options.seconds_per_row)
        # Warm replays exactly the requests measured cold.
        replay = dataclasses.replace(scenario, paths=scenario.paths[: cold.n])
        warm = driver.run(replay, cold=False, seconds=options.seconds_per_row)
        rows += [cold, warm]
        print(f"measured {group.name}: {scenario.name}", file=sys.stderr, flush=True)
    explained = explain_requests(driver, group, options)
    print_group(rows, explained, options, time.perf_counter() - started)
    return {
        "name": group.name,
        "data": dataclasses.asdict(report),
        "rows": [dataclasses.asdict(row) for row in rows],
        "explained": [dataclasses.asdict(item) for item in explained],
    }


def print_group(
    rows: list["Row"],
    explained: list["Explained"],
    options: argparse.Namespace,
    seconds: float,
) -> None:
    from bench.driver import format_explained, format_rows

    print(f"\nRequest latency in ms ({seconds:.0f} s to measure)")
    print(
        "  cold: cache emptied before each request; warm: the same requests after "
        "one pass over the distinct ones\n"
        "  db p50: time inside SQL statements; queries: per request, min–max\n"
        f"  a row stops after {options.requests} requests or "
        f"{options.seconds_per_row:g} s, whichever comes first\n"
    )
    print(format_rows(rows))
    for row in rows[::2]:
        if row.note:
            print(f"  {row.scenario}: {row.note}")
    print("\nSlowest cold requests")
    slowest = sorted(
        (item for row in rows if row.cache == "cold" for item in row.slowest),
        key=lambda item: item["ms"],
        reverse=True,
    )
    for item in slowest[:5]:
        print(
            f"  {item['ms']:>8.1f} ms ({item['db_ms']:.1f} in SQL), "
            f"{item['queries']:>2} queries  {item['path']}"
        )
    print("\nMain statements, EXPLAIN (ANALYZE, BUFFERS), second run, in ms")
    print(format_explained(explained))
    if options.show_plans:
        for item in explained:
            print(f"\n-- {item.request}: {item.statement}\n{item.plan}")


if __name__ == "__main__":
    sys.exit(main())
