"""What families ask the directory: providers near a ZIP code, with filters.

ZIP codes are drawn from where the listings are (most in big metro areas);
filters from the data set itself, weighted by how many listings carry them.
"""

import argparse
import random
from collections.abc import Callable
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse

from bench.directory_data import DataReport, ensure_listings
from bench.driver import Group, Scenario, statement_classifier
from bench.sampling import Pool, weighted_pools

QUERIES = Pool(
    ["therapy", "home visiting", "parents", "dyadic", "postpartum", "Spanish",
     "attachment", "trauma", "Medicaid", "consultation", "FAN", "sleep"]
)  # fmt: skip
FILTER_MIX = Pool(
    ["service", "language", "payment", "age", "delivery", "model", "accepting",
     "endorsement"],
    weights=[30, 18, 16, 12, 10, 8, 6, 6],
)  # fmt: skip
STATEMENT_PATTERNS = [
    ("word lookup", [r'from "imh_portal_searchword"']),
    ("sampled counts", [r"filter \(where", r"search_sample"]),
    ("facet counts", [r"filter \(where", r"count\("]),
    ("capped count", [r"^select count\(\*\)", r"limit \d+"]),
    ("sampled count", [r"^select count\(\*\)", r"search_sample"]),
    ("page rows", [r'"directory_listing"\."id" in \(\d']),
    ("page", [r"limit \d+"]),
]
EXPLAINED_TABLES = ('from "directory_listing"',)


def prepare(options: argparse.Namespace) -> DataReport:
    return ensure_listings(options.listings, seed=options.seed, rebuild=options.rebuild)


def scenarios(options: argparse.Namespace) -> list[Scenario]:
    count = options.requests
    zips, filters = zip_codes(), filter_values()
    page, api = reverse("directory:list"), reverse("api:listing-list")

    def draw(name: str, make: Callable[[random.Random], str]) -> list[str]:
        rng = random.Random(f"{options.seed}:{name}")
        return [make(rng) for _ in range(count)]

    def near(rng: random.Random) -> list[tuple[str, str]]:
        return [("near", zips.pick(rng)), ("radius", "25")]

    def text_and_filters(rng: random.Random) -> list[tuple[str, str]]:
        chosen = FILTER_MIX.sample(rng, 2)
        return [("q", QUERIES.pick(rng))] + [
            (name, filters[name].pick(rng)) for name in chosen
        ]

    return [
        Scenario(
            "page: near a ZIP, 25 miles",
            draw("near", lambda rng: f"{page}?{urlencode(near(rng))}"),
        ),
        Scenario(
            "page: near + text + two filters",
            draw(
                "near-text-filters",
                lambda rng: f"{page}?{urlencode(near(rng) + text_and_filters(rng))}",
            ),
        ),
        Scenario(
            "api: near + text + two filters",
            draw(
                "api-near-text-filters",
                lambda rng: f"{api}?{urlencode(near(rng) + text_and_filters(rng))}",
            ),
        ),
    ]


def explained(options: argparse.Namespace) -> list[tuple[str, str]]:
    page, api = reverse("directory:list"), reverse("api:listing-list")
    busiest = zip_codes().values[0]
    return [
        ("page near busiest ZIP", f"{page}?near={busiest}&radius=25"),
        (
            "page near + therapy + Spanish",
            f"{page}?near={busiest}&radius=25&q=therapy&language=es",
        ),
        (
            "api near + therapy + Medicaid",
            f"{api}?near={busiest}&radius=25&q=therapy&payment=medicaid",
        ),
    ]


def zip_codes() -> Pool[str]:
    """The ZIP codes listings are in, weighted by how many are there."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT postal_code, count(*) FROM directory_location"
            " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2000"
        )
        rows = cursor.fetchall()
    return Pool([code for code, _n in rows], [n for _c, n in rows])


def filter_values() -> dict[str, Pool[str]]:
    """Every filter's values among visible listings, weighted by frequency."""
    live = "FROM directory_listing l WHERE l.status IN ('published','changes_pending')"
    queries = {
        "language": f"SELECT unnest(l.languages), count(*) {live} GROUP BY 1",
        "payment": f"SELECT unnest(l.payment), count(*) {live} GROUP BY 1",
        "age": f"SELECT unnest(l.age_bands), count(*) {live} GROUP BY 1",
        "delivery": f"SELECT unnest(l.delivery), count(*) {live} GROUP BY 1",
        "accepting": f"SELECT l.accepting, count(*) {live} GROUP BY 1",
        "endorsement": f"SELECT unnest(l.credential_kinds), count(*) {live} GROUP BY 1",
        "service": "SELECT t.slug, count(*) FROM directory_listing l"
        " JOIN directory_servicetype t ON t.id = ANY(l.service_type_ids)"
        " GROUP BY 1",
        "model": "SELECT t.slug, count(*) FROM directory_listing l"
        " JOIN directory_modality t ON t.id = ANY(l.modality_ids) GROUP BY 1",
    }
    return weighted_pools(queries)


GROUP = Group(
    name="directory",
    prepare=prepare,
    scenarios=scenarios,
    explained=explained,
    classify=statement_classifier(STATEMENT_PATTERNS, EXPLAINED_TABLES),
)
