"""The load test's short version, run in CI: locust against gunicorn.

``make loadtest`` puts 200 visitors on the benchmark data set for a minute; here
20 visitors spend 15 seconds on the same mix of pages and API lists, on the
starter content, and not one request may fail.
"""

import csv
import json
import subprocess
import sys

from tests.faults.conftest import LISTING_ZIP, ROOT

USERS = 20
SECONDS = 15


def test_twenty_visitors_for_fifteen_seconds_get_no_error(portal, tmp_path):
    zip_code = LISTING_ZIP[0]
    mix = {
        "words": {"values": ["baby", "sleep", "attachment"], "weights": [6, 2, 2]},
        "zip_codes": {"values": [zip_code], "weights": [1]},
        "directory_words": {"values": ["therapy", "home"], "weights": [1, 1]},
    }
    (tmp_path / "mix.json").write_text(json.dumps(mix))
    prefix = tmp_path / "locust"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            f"--locustfile={ROOT / 'bench' / 'locustfile.py'}",
            "--headless",
            f"--host={portal.base_url}",
            f"--users={USERS}",
            "--spawn-rate=10",
            f"--run-time={SECONDS}s",
            "--stop-timeout=5",
            f"--csv={prefix}",
            "--only-summary",
        ],
        cwd=ROOT,
        env={
            **portal.environment,
            "LOADTEST_MIX": str(tmp_path / "mix.json"),
            "LOADTEST_MAX_REQUESTS": str(USERS * SECONDS),
        },
        capture_output=True,
        text=True,
        timeout=SECONDS + 90,
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        total = next(
            row for row in csv.DictReader(stats) if row["Name"] == "Aggregated"
        )
    print(
        f"{total['Request Count']} requests, {total['Failure Count']} failures, "
        f"p50 {total['50%']} ms, p95 {total['95%']} ms, "
        f"{float(total['Requests/s']):.1f} requests/s"
    )
    assert int(total["Request Count"]) > USERS, result.stdout[-2000:]
    assert int(total["Failure Count"]) == 0, result.stdout[-2000:]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
