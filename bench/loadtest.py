"""Load the portal as deployed: gunicorn, production settings, the benchmark data.

The benchmark data set (``imh_portal_bench``, see ``bench/run.py``) is built
first if it is missing. gunicorn then serves the portal on 127.0.0.1 only, with
DEBUG off, hashed static files and Redis as the cache when it answers, and
locust sends it visitors for a fixed time (``bench/locustfile.py``), three
times: to the floor (bench/floor_site.py, a trivial Django view at every
address, same gunicorn settings), to the portal cold (no page cache, Redis
emptied) and warm (the page cache on, starting empty). Latency percentiles,
requests per second and errors are printed per endpoint, with each as a
multiple or share of the floor's, and written to
``var/loadtest/last-run.json``; the exit status is non-zero when any request
to the portal failed. gunicorn is always stopped.

    make loadtest LOADTEST_ARGS="--users 20 --seconds 10"
"""

import argparse
import csv
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "var" / "loadtest"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
HOST = "127.0.0.1"
# The load test's own Redis database, emptied before each run so that every
# run starts with nothing cached.
REDIS_URL = "redis://127.0.0.1:6379/14"
ENDPOINTS = [
    "home page",
    "resource search",
    "directory near ZIP",
    "api resources",
    "api listings",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="simulated visitors")
    parser.add_argument(
        "--spawn-rate", type=float, default=20, help="visitors started per second"
    )
    parser.add_argument(
        "--seconds", type=int, default=60, help="how long the load lasts"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 2),
        help="gunicorn sync workers (default: twice the CPUs)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="stop after this many requests (default: one a second per visitor)",
    )
    parser.add_argument(
        "--resources", type=int, default=100_000, help="resources in the data set"
    )
    parser.add_argument(
        "--listings", type=int, default=50_000, help="listings in the data set"
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of the data set")
    options = parser.parse_args(argv)
    if options.users < 1 or options.seconds < 1 or options.spawn_rate <= 0:
        parser.error("--users, --seconds and --spawn-rate must be positive")
    if options.max_requests is None:
        # Visitors pause at least a second between requests: a ceiling they
        # cannot pass, so the cap only stops a run gone wrong.
        options.max_requests = options.users * options.seconds
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    # The environment as given, before the benchmark's helpers adjust it for
    # their own (in-process) use.
    given = dict(os.environ)
    sys.path[0] = str(ROOT)  # run as a script: import `bench.*` as a package

    from bench import run as bench

    database = bench.use_bench_database()
    bench.setup_django()  # migrates and collects the static files into var/
    print("Infant Mental Health Portal load test")
    print(f"  date       {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"  database   {database}")
    ensure_data(options)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    mix = OUTPUT / "mix.json"
    mix.write_text(json.dumps(request_mix()) + "\n")

    environment = server_environment(given)
    cache = environment["CACHE_URL"]
    print(
        f"  server     gunicorn, {options.workers} sync workers on {HOST}, "
        f"cache {cache}"
    )
    print(
        f"  load       {options.users} visitors (+{options.spawn_rate:g}/s) for "
        f"{options.seconds} s, at most {options.max_requests:,} requests; "
        "the same load on the floor, then cold, then warm"
    )
    runs, exit_code = {}, 0
    for mode in ("floor", "cold", "warm"):
        rows, status = load_once(mode, options, environment, mix)
        runs[mode] = rows
        if mode != "floor":
            exit_code = exit_code or status
    print_comparison(runs)
    rows = runs["warm"]
    failed = sum(
        row["failures"]
        for mode in ("cold", "warm")
        for row in runs[mode]
        if row["name"] == "all"
    )
    made = sum(row["requests"] for row in rows if row["name"] == "all")
    (OUTPUT / "last-run.json").write_text(
        json.dumps(
            {
                "date": datetime.now().astimezone().isoformat(timespec="seconds"),
                "options": vars(options),
                "database": database,
                "cache": cache,
                "endpoints": rows,
                "runs": runs,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nFigures written to {(OUTPUT / 'last-run.json').relative_to(ROOT)}")
    if failed or not made:
        print(f"FAILED: {failed:,} of {made:,} requests failed", file=sys.stderr)
        for mode in ("cold", "warm"):
            print_failures(OUTPUT / f"locust-{mode}")
        return 1
    return exit_code


def load_once(mode: str, options, environment: dict, mix: Path):
    """One load run: on the floor (a trivial Django view at every address),
    on the portal without its page cache (cold), or with it (warm, starting
    empty). Returns the rows and locust's status."""
    if mode != "floor":
        redis_answers()  # empties the cache database, when there is one
    port = free_port()
    environment = dict(environment, PAGE_CACHE_SECONDS="0" if mode == "cold" else "300")
    application = (
        "bench.floor_site:application" if mode == "floor" else "imh_portal.wsgi"
    )
    server = start_gunicorn(
        environment,
        port,
        options.workers,
        application=application,
        log=OUTPUT / f"gunicorn-{mode}.log",
    )
    try:
        wait_until_serving(server, port, path="/" if mode == "floor" else "/readyz")
        if mode != "floor":
            warm_up(port, options.workers, json.loads(mix.read_text()))
        print(f"\n{mode}:", end=" ")
        stats, status = run_locust(options, port, mix, prefix=OUTPUT / f"locust-{mode}")
        if server.poll() is not None:
            print(
                f"gunicorn stopped during the run; see var/loadtest/gunicorn-{mode}.log"
            )
            status = status or 1
    finally:
        stop(server)
    rows = read_stats(stats)
    print_rows(rows)
    return rows, status


def print_comparison(runs: dict) -> None:
    """Each endpoint's median and p99 as a multiple of the floor's, and its
    requests/s as a share of the floor's, cold and warm."""
    floor = {row["name"]: row for row in runs["floor"]}
    print("\nAgainst the floor (the same load on a trivial Django view)\n")
    header = f"{'endpoint':<20}" + "".join(
        f"{mode + ' ' + what:>18}"
        for mode in ("cold", "warm")
        for what in ("req/s share", "p50 x", "p99 x")
    )
    print(header)
    print("-" * len(header))
    for mode_rows in zip(runs["cold"], runs["warm"], strict=False):
        name = mode_rows[0]["name"]
        base = floor.get(name)
        if base is None:
            continue
        cells = []
        for row in mode_rows:
            cells.append(_share(row["rps"], base["rps"]))
            cells.append(_times(row["p50_ms"], base["p50_ms"]))
            cells.append(_times(row["p99_ms"], base["p99_ms"]))
        print(f"{name:<20}" + "".join(f"{cell:>18}" for cell in cells))


def _share(value, floor) -> str:
    return "–" if not value or not floor else f"{value / floor:.0%}"


def _times(value, floor) -> str:
    return "–" if value is None or not floor else f"{value / floor:.1f}"


def ensure_data(options: argparse.Namespace) -> None:
    """Build the data sets only when no finished build of this size exists."""
    from bench import bulk, directory_data, resources_data
    from directory.models import Listing
    from resources.models import Resource

    wanted = {
        resources_data.STATE: (options.resources, Resource),
        directory_data.STATE: (options.listings, Listing),
    }
    for state, (rows, model) in wanted.items():
        built = bulk.read_state(state)
        ready = (
            built.get("complete") is True
            and built.get("rows") == rows
            and built.get("seed") == options.seed
            # The starter content may add a few rows beside the generated ones.
            and model.objects.count() >= rows
        )
        if ready:
            print(f"  data       {state}: {rows:,} rows, reused")
            continue
        print(f"  data       {state}: building {rows:,} rows (takes minutes)")
        if state == resources_data.STATE:
            report = resources_data.ensure_resources(
                rows, seed=options.seed, rebuild=False
            )
        else:
            report = directory_data.ensure_listings(
                rows, seed=options.seed, rebuild=False
            )
        for line in report.summary_lines():
            print(f"             {line}")


def request_mix() -> dict:
    """Words and ZIP codes the visitors use, weighted as in the benchmark."""
    from bench import directory_scenarios, resources_scenarios

    def pool(values, weights) -> dict:
        return {"values": list(values), "weights": list(weights)}

    words = resources_scenarios.QUERY_MIX
    zip_codes = directory_scenarios.zip_codes()
    directory_words = directory_scenarios.QUERIES
    return {
        "words": pool(words.values, _weights(words.cum_weights)),
        "zip_codes": pool(zip_codes.values, _weights(zip_codes.cum_weights)),
        "directory_words": pool(
            directory_words.values, _weights(directory_words.cum_weights)
        ),
    }


def _weights(cumulative: list[float]) -> list[float]:
    return [b - a for a, b in zip([0.0, *cumulative], cumulative, strict=False)]


def server_environment(given: dict[str, str]) -> dict[str, str]:
    """Production settings, on plain HTTP on the loopback, for the bench data."""
    environment = dict(given)
    environment.update(
        DJANGO_SETTINGS_MODULE="imh_portal.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        # Visitors are many, but all come from 127.0.0.1: not one client.
        API_RATE_ANONYMOUS="1000000/min",
        CACHE_URL=REDIS_URL if redis_answers() else "locmem://",
        LOG_LEVEL="WARNING",
    )
    # The benchmark database, on the server DATABASE_URL names or the embedded one.
    if os.environ.get("DATABASE_URL"):
        environment["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        environment["EMBEDDED_DATABASE_NAME"] = os.environ["EMBEDDED_DATABASE_NAME"]
    return environment


def redis_answers() -> bool:
    """Whether the load test's Redis database is there; emptied when it is."""
    import redis

    try:
        client = redis.Redis.from_url(
            REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        client.ping()
        client.flushdb()
    except redis.RedisError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(
    environment: dict[str, str],
    port: int,
    workers: int,
    *,
    application: str = "imh_portal.wsgi",
    log: Path = OUTPUT / "gunicorn.log",
) -> subprocess.Popen:
    """gunicorn as deployed (sync workers), serving ``application``; the floor
    view (bench/floor_site.py) is started with exactly these settings too."""
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            application,
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=30",
            "--graceful-timeout=10",
            "--backlog=512",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its workers are stopped with it
    )


def wait_until_serving(
    server: subprocess.Popen, port: int, seconds: int = 60, *, path: str = "/readyz"
):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start; see its log under var/")
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass  # not listening yet, or its workers still loading
        finally:
            connection.close()
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /readyz within {seconds} s")


def warm_up(port: int, workers: int, mix: dict) -> None:
    """A few requests of each kind first, so every worker has loaded what it
    loads once (templates, lazy imports, connections) before it is measured."""
    zip_code = mix["zip_codes"]["values"][0]
    paths = [
        "/",
        "/resources/?q=baby",
        f"/directory/?near={zip_code}&radius=25",
        "/api/v1/resources/",
        f"/api/v1/listings/?near={zip_code}&radius=25",
    ]

    def get(path: str) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            connection.request("GET", path)
            connection.getresponse().read()
        except OSError:
            pass  # the measured run reports what fails
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(get, paths * workers * 2))


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def run_locust(
    options: argparse.Namespace, port: int, mix: Path, *, prefix: Path
) -> tuple[Path, int]:
    """Run locust headless to its time limit; returns its CSV prefix and status."""
    host = f"http://{HOST}:{port}"
    command = [
        sys.executable,
        "-m",
        "locust",
        f"--locustfile={LOCUSTFILE}",
        "--headless",
        f"--host={host}",
        f"--users={options.users}",
        f"--spawn-rate={options.spawn_rate:g}",
        f"--run-time={options.seconds}s",
        "--stop-timeout=10",
        f"--csv={prefix}",
        "--only-summary",
        "--loglevel=WARNING",
    ]
    environment = {
        **os.environ,
        "LOADTEST_MIX": str(mix),
        "LOADTEST_MAX_REQUESTS": str(options.max_requests),
    }
    print(f"\nRunning {options.seconds} s of load ...", flush=True)
    with (OUTPUT / "locust.log").open("w") as log:
        try:
            result = subprocess.run(
                command,
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=options.seconds + 120,
            )
        except subprocess.TimeoutExpired:
            print("locust overran its time; see var/loadtest/locust.log")
            return prefix, 1
    return prefix, result.returncode


def read_stats(prefix: Path) -> list[dict]:
    """Per endpoint and overall ("all"): counts, rates, latency percentiles."""
    path = prefix.with_name(prefix.name + "_stats.csv")
    if not path.exists():
        return []
    rows = []
    with path.open(newline="") as file:
        for row in csv.DictReader(file):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            rows.append(
                {
                    "name": name,
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50_ms": _number(row["50%"]),
                    "p95_ms": _number(row["95%"]),
                    "p99_ms": _number(row["99%"]),
                    "max_ms": _number(row["100%"]),
                }
            )
    order = {name: index for index, name in enumerate([*ENDPOINTS, "all"])}
    return sorted(rows, key=lambda row: order.get(row["name"], len(order)))


def _number(value: str) -> float | None:
    return None if value in {"", "N/A"} else float(value)


def print_rows(rows: list[dict]) -> None:
    print("\nLatency in ms (locust rounds above 100 ms to two significant digits)\n")
    header = (
        f"{'endpoint':<20}{'requests':>10}{'errors':>8}{'req/s':>8}"
        f"{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if row["name"] == "all":
            print("-" * len(header))
        print(
            f"{row['name']:<20}{row['requests']:>10,}{row['failures']:>8,}"
            f"{row['rps']:>8.1f}"
            + "".join(
                f"{_ms(row[key]):>8}"
                for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")
            )
        )


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def print_failures(prefix: Path) -> None:
    path = prefix.with_name(prefix.name + "_failures.csv")
    if not path.exists():
        return
    with path.open(newline="") as file:
        for row in list(csv.DictReader(file))[:10]:
            print(
                f"  {row['Occurrences']:>6} x {row['Name']}: {row['Error']}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    sys.exit(main())
