"""What HSDS partners ask: pages of services, records, and the whole directory.

Reuses the directory's data set (``bench.directory_data``). Pages are drawn
evenly over the whole list, because a partner copying the directory reads
every page. Exporting every service as newline-delimited JSON, and the
``export_hsds`` data package, each run in a separate process, so its peak
memory (maximum resident set size) shows whether streaming keeps it flat:
compare it with a process that answers one small request.
"""

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.test.utils import override_settings
from django.urls import reverse

from bench.directory_data import DataReport, ensure_listings
from bench.directory_scenarios import zip_codes
from bench.driver import Group, Scenario, statement_classifier
from directory.hsds.schema import DEFAULT_PROXIMITY_METRES
from directory.models import Listing

ROOT = Path(__file__).resolve().parent.parent
PER_PAGE = 50
STATEMENT_PATTERNS = [
    ("count", [r"^select count\(\*\)"]),
    ("union page", [r"union all", r"limit \d+"]),
    ("page", [r"limit \d+"]),
]
EXPLAINED_TABLES = ('from "directory_listing"', 'from "directory_location"')
# Run in a child process, with the environment the benchmark set up: GET a
# path (reading the streamed body to its end) or run export_hsds, then report
# what was written, the time, and the process's own peak memory. That is
# VmHWM, not ru_maxrss: on Linux a child started by (v)fork and exec inherits
# the parent's maximum resident set size, here hundreds of MB.
CHILD = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imh_portal.settings")
import django
django.setup()
from django.core.management import call_command
from django.test import Client
started = time.perf_counter()
lines = size = 0
if sys.argv[1] == "export":
    with open(os.devnull, "w") as quiet:
        call_command("export_hsds", sys.argv[2], stdout=quiet)
else:
    response = Client().get(sys.argv[2])
    assert response.status_code == 200, response.status_code
    body = response.streaming_content if response.streaming else [response.content]
    for chunk in body:
        lines += chunk.count(b"\\n")
        size += len(chunk)
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(json.dumps({"lines": lines, "bytes": size, "seconds": seconds, "peak_kb": peak}))
"""


@dataclass
class Process:
    """One child process: what it wrote, how long it took, its peak memory."""

    label: str
    seconds: float  # the whole process, start-up included
    peak_rss_mb: float
    records: int = 0
    megabytes: float = 0.0
    streaming_seconds: float | None = None  # from the request to the last byte


@dataclass
class HsdsReport:
    """The directory data set, and the whole-directory exports measured on it."""

    directory: DataReport
    processes: list[Process] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = self.directory.summary_lines()
        baseline = self.processes[0]
        for process in self.processes[1:]:
            seconds = process.streaming_seconds or process.seconds
            timing = f"{seconds:.1f} s ({process.records / seconds:,.0f} services/s"
            if process.streaming_seconds is not None:
                timing += f"; {process.seconds:.1f} s with start-up"
            lines.append(
                f"{process.label:<10} {process.records:,} services, "
                f"{process.megabytes:,.1f} MB in {timing}), "
                f"peak RSS {process.peak_rss_mb:.0f} MB"
            )
        lines.append(
            f"{baseline.label:<10} peak RSS {baseline.peak_rss_mb:.0f} MB: a process "
            "that starts and answers one small request"
        )
        return lines


def prepare(options: argparse.Namespace) -> HsdsReport:
    directory = ensure_listings(
        options.listings, seed=options.seed, rebuild=options.rebuild
    )
    # The benchmark sends far more than an anonymous client may (120 a minute);
    # it measures the work of a request, not the rate limit.
    override_settings(
        API_RATES={"anonymous": "1000000/min", "partner": "1000000/min"}
    ).enable()
    report = HsdsReport(directory)
    services = reverse("hsds:service-list")
    report.processes = [
        probe("baseline", reverse("hsds:root")),
        probe("ndjson", f"{services}?format=ndjson"),
        export_package(),
    ]
    return report


def probe(label: str, path: str) -> Process:
    """GET ``path`` in a fresh process, reading the streamed body to the end."""
    figures, seconds = run_child("get", path)
    return Process(
        label,
        seconds,
        figures["peak_kb"] / 1024,
        records=figures["lines"],
        megabytes=figures["bytes"] / 1e6,
        streaming_seconds=figures["seconds"],
    )


def export_package() -> Process:
    """``manage.py export_hsds`` into a temporary directory."""
    with tempfile.TemporaryDirectory() as directory:
        figures, seconds = run_child("export", directory)
        written = sum(path.stat().st_size for path in Path(directory).iterdir())
        package = json.loads((Path(directory) / "datapackage.json").read_text())
    counts = {item["name"]: item["count"] for item in package["resources"]}
    return Process(
        "export",
        seconds,
        figures["peak_kb"] / 1024,
        records=counts["services"],
        megabytes=written / 1e6,
        streaming_seconds=figures["seconds"],
    )


def run_child(*arguments: str) -> tuple[dict, float]:
    """What the child reported, and how long the whole process took."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(result.stdout), time.perf_counter() - started


def scenarios(options: argparse.Namespace) -> list[Scenario]:
    count = options.requests
    services = reverse("hsds:service-list")
    located = reverse("hsds:service-at-location-list")
    pages = max(1, math.ceil(Listing.objects.published().count() / PER_PAGE))
    ids = visible_ids()
    zips = zip_codes()

    def draw(name: str, make: Callable[[random.Random], str]) -> list[str]:
        rng = random.Random(f"{options.seed}:{name}")
        return [make(rng) for _ in range(count)]

    def page(rng: random.Random) -> str:
        query = {"page": rng.randint(1, pages), "per_page": PER_PAGE}
        return f"{services}?{urlencode(query)}"

    def near(rng: random.Random) -> str:
        query = {
            "postcode": zips.pick(rng),
            "proximity": DEFAULT_PROXIMITY_METRES,
            "per_page": PER_PAGE,
        }
        return f"{located}?{urlencode(query)}"

    return [
        Scenario(
            f"hsds: services page, {PER_PAGE} each",
            draw("hsds-page", page),
            note=f"pages 1 to {pages:,} drawn evenly",
        ),
        Scenario(
            "hsds: one service, nested",
            draw(
                "hsds-service",
                lambda rng: reverse("hsds:service-detail", args=[rng.choice(ids)]),
            ),
        ),
        Scenario("hsds: services near a ZIP", draw("hsds-near", near)),
    ]


def visible_ids() -> list[str]:
    rows = Listing.objects.published().order_by("pk").values_list("uuid", flat=True)
    return [str(row) for row in rows]


def explained(options: argparse.Namespace) -> list[tuple[str, str]]:
    services = reverse("hsds:service-list")
    located = reverse("hsds:service-at-location-list")
    pages = max(1, math.ceil(Listing.objects.published().count() / PER_PAGE))
    busiest = zip_codes().values[0]
    return [
        ("services first page", f"{services}?per_page={PER_PAGE}"),
        ("services last page", f"{services}?per_page={PER_PAGE}&page={pages}"),
        ("near busiest ZIP", f"{located}?postcode={busiest}&per_page={PER_PAGE}"),
    ]


GROUP = Group(
    name="hsds",
    prepare=prepare,
    scenarios=scenarios,
    explained=explained,
    classify=statement_classifier(STATEMENT_PATTERNS, EXPLAINED_TABLES),
)
