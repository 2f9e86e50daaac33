"""Requests per second and latency of the public pages, as a share of a trivial
Django view served by the same gunicorn in the same run.

Figures in requests per second depend on the machine; the share of the floor
(bench/floor_site.py: one view, 10 KB, two middlewares) measured minutes apart
by the same load generator does much less. The run:

1. builds its own database once (``imh_portal_pages_bench``: migrated, the
   starter content and the sample listings, as ``make run`` serves);
2. serves the floor and measures it;
3. serves the portal three times and measures every page each time:
   **cold**, with every cache off (pages, fragments, search results), so each
   request reads and renders everything, as the first visitor after an edit;
   **rendered**, with the page cache off but fragments and search results kept,
   as for a signed-in provider; **warm**, with the shared page cache on (Redis
   when it answers, else each worker's memory), as for anonymous visitors, then
   a mix of all the pages from 200 connections for 60 s;
4. measures the floor again; the share is of the mean of both floor runs.

The load comes from wrk (``make wrk`` installs it): a C program, so the client
costs little of the two cores the server also needs. Results are printed and
written to ``var/bench/pages-last-run.json``.

    make bench-pages
    python bench/pages.py --seconds 5 --mix-seconds 20
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "var" / "bench"
RESULTS = OUTPUT / "pages-last-run.json"
DATABASE = "imh_portal_pages_bench"
REDIS_URL = "redis://127.0.0.1:6379/13"
# A ZIP code the sample listings are near (load_demo_listings).
NEAR = "98101"
PAGES = [
    ("home", "/"),
    ("home, Spanish", "/es/"),
    ("role: parents", "/for/parents-caregivers/"),
    ("role: parents, Spanish", "/es/for/parents-caregivers/"),
    ("library", "/resources/"),
    ("library: baby", "/resources/?q=baby"),
    ("library: my baby cries all the time", "/resources/?q=my+baby+cries+all+the+time"),
    ("library: mi hijo no habla", "/es/resources/?q=mi+hijo+no+habla"),
    ("library: two facets", "/resources/?topic=sleep&audience=parents-caregivers"),
    ("collections", "/resources/collections/"),
    ("directory", "/directory/"),
    ("directory near ZIP", f"/directory/?near={NEAR}"),
    ("glossary", "/directory/glossary/"),
    ("guided path", f"/start/?worries=crying&age=0-12m&near={NEAR}"),
    ("about", "/about/"),
]
MODES = {
    "cold": {
        "PAGE_CACHE_SECONDS": "0",
        "FRAGMENT_CACHE_SECONDS": "0",
        "SEARCH_CACHE_SECONDS": "0",
    },
    "rendered": {"PAGE_CACHE_SECONDS": "0"},
    "warm": {"PAGE_CACHE_SECONDS": "300"},
}
# Cached anonymous pages the goal names: at least half the floor, warm.
WARM_GOAL = {
    "home",
    "library",
    "library: baby",
    "resource",
    "role: parents",
    "directory near ZIP",
}
WARM_SHARE = 0.5
COLD_SHARE = 0.15
MIX_P99_SECONDS = 1.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page and mode")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 2) + 1,
        help="gunicorn sync workers, for the floor and the portal alike",
    )
    parser.add_argument("--mix-seconds", type=int, default=60)
    parser.add_argument("--mix-connections", type=int, default=200)
    return parser.parse_args(argv)


def use_database() -> str:
    """Point DATABASE_URL (or the embedded server) at this bench's database."""
    from bench import run as bench

    bench.BENCH_DATABASE = DATABASE
    return bench.use_bench_database()


def ensure_content() -> None:
    """The starter content and sample listings, loaded once."""
    from django.core.management import call_command

    from resources.models import Resource

    if not Resource.objects.exists():
        print("  data       loading the starter content and sample listings")
        call_command("load_starter_content", verbosity=0)
        call_command("load_demo_listings", verbosity=0)


def sample_pages() -> list[tuple[str, str]]:
    from directory.models import Listing
    from resources.models import Resource

    resource = Resource.objects.published().order_by("pk").first()
    listing = Listing.objects.published().order_by("pk").first()
    return [
        *PAGES,
        ("resource", resource.get_absolute_url()),
        ("listing", listing.get_absolute_url()),
    ]


def wrk(url_or_script: str, *, port: int, seconds: int, connections: int) -> dict:
    """One wrk run: requests/s, latency percentiles (ms) and errors."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}"]
    command += [f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if url_or_script.endswith(".lua"):
        command += ["-s", url_or_script, f"http://127.0.0.1:{port}/"]
    else:
        command.append(f"http://127.0.0.1:{port}{url_or_script}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    requests = re.search(r"(\d+) requests in", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    not_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return {
        "requests_per_second": float(rate.group(1)) if rate else 0.0,
        "requests": int(requests.group(1)) if requests else 0,
        "p50_ms": latency("50"),
        "p90_ms": latency("90"),
        "p99_ms": latency("99"),
        "errors": errors + (int(not_ok.group(1)) if not_ok else 0),
    }


def mix_script(paths: list[str]) -> str:
    """A wrk script sending each connection through the pages in turn."""
    quoted = ", ".join(json.dumps(path) for path in paths)
    handle, name = tempfile.mkstemp(suffix=".lua", prefix="pages-mix-")
    with os.fdopen(handle, "w") as script:
        script.write(
            f"local paths = {{{quoted}}}\n"
            "local next_page = math.random(#paths)\n"
            "request = function()\n"
            "  next_page = next_page % #paths + 1\n"
            '  return wrk.format("GET", paths[next_page])\n'
            "end\n"
        )
    return name


def serve(environment: dict, application: str, workers: int, log_name: str):
    from bench import loadtest

    port = loadtest.free_port()
    server = loadtest.start_gunicorn(
        environment,
        port,
        workers,
        application=application,
        log=OUTPUT / log_name,
    )
    loadtest.wait_until_serving(
        server, port, path="/" if application.startswith("bench") else "/readyz"
    )
    return server, port


def warm(port: int, paths: list[str], times: int) -> None:
    """Every page a few times, so each worker has loaded what it loads once
    (and, with the page cache on, every page is kept)."""
    import http.client

    for _ in range(times):
        for path in paths:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
            finally:
                connection.close()


def measure_floor(options, environment) -> dict:
    from bench import loadtest

    server, port = serve(
        environment, "bench.floor_site:application", options.workers, "floor.log"
    )
    try:
        warm(port, ["/"], options.workers * 4)
        return wrk(
            "/", port=port, seconds=options.seconds, connections=options.connections
        )
    finally:
        loadtest.stop(server)


def measure_portal(options, environment, pages, *, mode: str) -> dict:
    from bench import loadtest

    environment = dict(environment, **MODES[mode])
    flush_redis()
    server, port = serve(
        environment, "imh_portal.wsgi", options.workers, f"portal-{mode}.log"
    )
    paths = [path for _name, path in pages]
    try:
        warm(port, paths, options.workers * 2)
        rows = {}
        for name, path in pages:
            rows[name] = wrk(
                path,
                port=port,
                seconds=options.seconds,
                connections=options.connections,
            )
            print(f"  {mode:8} {name:40} {rows[name]['requests_per_second']:>8.0f}/s")
        if mode == "warm":
            script = mix_script(paths)
            try:
                rows["mix"] = wrk(
                    script,
                    port=port,
                    seconds=options.mix_seconds,
                    connections=options.mix_connections,
                )
            finally:
                os.unlink(script)
        return rows
    finally:
        loadtest.stop(server)


def flush_redis() -> None:
    import redis

    # Without Redis each worker keeps pages in its own memory.
    with contextlib.suppress(redis.RedisError):
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).flushdb()


def report(floor: list, runs: dict, pages, mix_load: str) -> tuple[list[str], bool]:
    floor_rate = statistics.mean(run["requests_per_second"] for run in floor)
    floor_p50 = statistics.mean(run["p50_ms"] for run in floor)
    figures = ", ".join(f"{run['requests_per_second']:,.0f}" for run in floor)
    lines = [
        f"Floor: a trivial Django view, {floor_rate:,.0f} requests/s "
        f"(runs: {figures}), p50 {floor_p50:.1f} ms",
        "",
        "| page | cold req/s | share | p50 ms | rendered req/s | share | p50 ms "
        "| warm req/s | share | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    met = True
    for name, _path in pages:
        cells = []
        for mode in MODES:
            row = runs[mode][name]
            share = row["requests_per_second"] / floor_rate
            cells += [
                f"{row['requests_per_second']:,.0f}",
                f"{share:.0%}",
                f"{row['p50_ms']:.1f}",
            ]
            if mode == "warm" and name in WARM_GOAL and share < WARM_SHARE:
                met = False
        cells.append(f"{runs['warm'][name]['p99_ms']:.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    mix = runs["warm"]["mix"]
    lines += [
        "",
        f"Mix of every page, warm, {mix_load}: {mix['requests']:,} "
        f"requests, {mix['requests_per_second']:,.0f}/s, p50 {mix['p50_ms']:.1f} ms, "
        f"p99 {mix['p99_ms']:.1f} ms, {mix['errors']} errors",
    ]
    if mix["errors"] or mix["p99_ms"] > MIX_P99_SECONDS * 1000:
        met = False
    return lines, met


def main(argv=None) -> int:
    options = parse_args(argv)
    if shutil.which("wrk") is None:
        print("This benchmark needs wrk: make wrk (or apt-get install wrk)")
        return 2
    given = dict(os.environ)
    sys.path[0] = str(ROOT)
    from bench import loadtest
    from bench import run as bench

    database = use_database()
    bench.setup_django()
    ensure_content()
    pages = sample_pages()
    environment = loadtest.server_environment(given)
    environment["CACHE_URL"] = REDIS_URL if loadtest.redis_answers() else "locmem://"
    if os.environ.get("DATABASE_URL"):
        environment["DATABASE_URL"] = os.environ["DATABASE_URL"]
    print("Infant Mental Health Portal: pages against the floor")
    print(f"  date       {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"  database   {database}")
    print(
        f"  server     gunicorn, {options.workers} sync workers; wrk, "
        f"{options.connections} connections, {options.seconds} s a page"
    )
    floor = [measure_floor(options, environment)]
    runs = {
        mode: measure_portal(options, environment, pages, mode=mode) for mode in MODES
    }
    floor.append(measure_floor(options, environment))
    mix_load = f"{options.mix_connections} connections for {options.mix_seconds} s"
    lines, met = report(floor, runs, pages, mix_load)
    print()
    print("\n".join(lines))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "date": datetime.now().astimezone().isoformat(timespec="seconds"),
                "options": vars(options),
                "floor": floor,
                **runs,
                "goals_met": met,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nFigures written to {RESULTS.relative_to(ROOT)}")
    print("Goals met" if met else "Goals NOT met (see the shares above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
