"""Where a public page's time goes, in one process: median time, SQL queries
and SQL time, and (with ``--profile``) the functions that cost the most.

It runs on the page benchmark's database (``imh_portal_pages_bench``, on the
server DATABASE_URL names or the embedded one: the starter content and the
sample listings, loaded once) with production settings (DEBUG off, so
templates are compiled once and kept):

    make profile
    make profile PROFILE_ARGS="--warm --profile /resources/"

Each page is requested through Django's full stack (middleware included) by
the test client: a few times to warm up, then ``--requests`` times, measured.
The whole-page cache is off, so every request renders its page. Every other
cache (search results, cards and filter panels kept as fragments) is cleared
before every request unless ``--warm`` is given: cold, the figures are what
the first visitor after an edit gets; warm, what a signed-in provider gets.
``--profile`` runs cProfile over the measured requests of each page and prints
the 25 functions that took the most time themselves: where to look next.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The public pages a visitor meets, at starter size; the directory's ZIP is one
# the sample listings are near.
PAGES = [
    "/",
    "/es/",
    "/for/",
    "/for/parents-caregivers/",
    "/es/for/parents-caregivers/",
    "/resources/",
    "/resources/?q=baby",
    "/es/resources/?q=mi+hijo+no+habla",
    "/resources/?topic=sleep&audience=parents-caregivers",
    "/resources/collections/",
    "/directory/",
    "/directory/?near=98101",
    "/directory/glossary/",
    "/start/",
    "/handout/",
    "/about/",
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="paths to measure (default: all)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warm", action="store_true", help="keep the caches")
    parser.add_argument("--profile", action="store_true", help="run cProfile")
    return parser.parse_args(argv)


def setup_django() -> None:
    sys.path[0] = str(ROOT)  # run as a script: import `bench.*` as a package
    # Every request renders: this measures rendering, not the page cache.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from bench import pages
    from bench import run as bench

    pages.use_database()
    bench.setup_django()
    pages.ensure_content()


def sample_paths(paths: list[str]) -> list[str]:
    """The listed pages plus one resource and one listing of this database."""
    from directory.models import Listing
    from resources.models import Resource

    resource = Resource.objects.published().order_by("pk").first()
    listing = Listing.objects.published().order_by("pk").first()
    extra = [resource.get_absolute_url()] if resource else []
    extra += [listing.get_absolute_url()] if listing else []
    return paths + extra


def measure(client, path: str, requests: int, *, warm: bool, profiler=None):
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from imh_portal.templatetags.fragments import recent_fragments

    for _ in range(3):
        client.get(path)
    timings, sql_ms, queries = [], [], 0
    for _ in range(requests):
        if not warm:
            for cache in caches.all():
                cache.clear()
            recent_fragments.clear()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if profiler:
                profiler.disable()
        queries = len(captured.captured_queries)
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return (
        response.status_code,
        statistics.median(timings),
        queries,
        statistics.median(sql_ms),
    )


def main(argv=None) -> int:
    options = parse_args(argv)
    setup_django()
    from django.test import Client

    client = Client(HTTP_HOST="testserver")
    paths = options.pages or sample_paths(PAGES)
    print(f"{'page':55} {'status':>6} {'median ms':>10} {'queries':>8} {'SQL ms':>7}")
    for path in paths:
        profiler = cProfile.Profile() if options.profile else None
        status, median, queries, sql = measure(
            client, path, options.requests, warm=options.warm, profiler=profiler
        )
        print(f"{path[:55]:55} {status:>6} {median:>10.1f} {queries:>8} {sql:>7.1f}")
        if profiler:
            report = io.StringIO()
            stats = pstats.Stats(profiler, stream=report)
            stats.sort_stats("tottime").print_stats(25)
            print(report.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
