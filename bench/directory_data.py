"""The directory's benchmark data set: listings spread over US ZIP codes.

Providers cluster where people live: most listings sit in the ZIP codes of the
largest metro areas, the rest anywhere in the country. Services, models,
languages and payment follow a skewed spread, and every listing's text is built
from the field's vocabulary, so "therapy" or "parents" match many listings and
"Medicaid" or "FAN" fewer.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from bench import bulk
from bench.sampling import Pool
from directory.models import HIDDEN_AFTER_MONTHS, months_before

STATE = "directory"
PROBE_WORDS = ["therapy", "parents", "home visiting", "Medicaid"]
METROS = [
    "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia",
    "San Antonio", "San Diego", "Dallas", "Seattle", "Denver", "Boston",
    "Detroit", "Portland", "Atlanta", "Miami", "Minneapolis", "Baltimore",
    "Cleveland", "Pittsburgh",
]  # fmt: skip
FIRST = [
    "Alex", "Jordan", "Sam", "Taylor", "Morgan", "Casey", "Riley", "Jamie",
    "Avery", "Quinn", "Rowan", "Drew", "Hayden", "Kendall", "Logan", "Reese",
]  # fmt: skip
LAST = [
    "Rivera", "Lee", "Okafor", "Nguyen", "Patel", "Johnson", "Garcia", "Chen",
    "Smith", "Brown", "Martinez", "Kim", "Davis", "Lopez", "Wilson", "Singh",
]  # fmt: skip
PRACTICE = [
    "Family", "Infant", "Early Childhood", "Parent-Child", "Dyad",
    "Little Steps", "First Bonds", "Bright Start", "Harbor", "Cedar",
]  # fmt: skip
PRACTICE_KIND = [
    "Therapy", "Counseling", "Home Visiting Program", "Clinic",
    "Consultation Services", "Center", "Mental Health",
]  # fmt: skip
QUALIFICATIONS = Pool(
    ["LCSW", "LMFT", "LPC", "PhD", "PsyD", "LCSW, IMH-E®", "RN, PMH-C", "MSW", ""],
    weights=[30, 20, 15, 10, 8, 8, 5, 4, 10],
)
# Sentences a provider writes about their work; earlier ones are used more.
BIO_SENTENCES = Pool(
    [
        "I work with parents and their babies together in therapy.",
        "Our program supports families from pregnancy through the first years.",
        "I offer dyadic therapy for toddlers and their caregivers.",
        "We visit families at home and help parents read their baby's cues.",
        "Sessions focus on attachment, sleep, feeding and everyday routines.",
        "I help parents with postpartum depression and anxiety.",
        "Our home visiting nurses see first-time parents.",
        "We provide consultation to child care programs and early educators.",
        "I am trained in Child-Parent Psychotherapy for young children after trauma.",
        "We welcome fathers, grandparents and foster families.",
        "Reflective supervision is available for other professionals.",
        "Families with Medicaid are welcome.",
        "I use Facilitating Attuned Interactions (FAN) in my work.",
        "Developmental screening with the ASQ is part of every first visit.",
    ]
)
SERVICE_WEIGHTS = [12, 25, 30, 10, 18, 8, 6, 10, 9, 5]
LANGUAGES = Pool([["en"], ["en", "es"], ["es"], ["en", "zh"], ["en", "vi"]],
                 weights=[70, 20, 5, 3, 2])  # fmt: skip
DELIVERY = Pool(
    [["office"], ["office", "telehealth"], ["home_visits"], ["telehealth"],
     ["community"], ["office", "home_visits"]],
    weights=[35, 25, 15, 10, 8, 7],
)  # fmt: skip
PAYMENT = Pool(
    [["medicaid"], ["private_insurance"], ["medicaid", "private_insurance"],
     ["sliding_scale", "self_pay"], ["free"], ["self_pay"]],
    weights=[20, 25, 25, 12, 8, 10],
)  # fmt: skip
AGE_BANDS = ["prenatal", "0-12m", "12-24m", "24-36m", "3-5y"]
# About a third of practitioners claim an endorsement or certification; the
# entry and middle levels of IMH-E are far more common than mentors.
CREDENTIALS = Pool(
    [None, "ifs", "imhs", "ifa", "pmh_c", "imhm_c", "ecmhs", "cpp", "pcit", "cos_p"],
    weights=[66, 9, 7, 5, 5, 2, 2, 2, 1, 1],
)
ASSOCIATIONS = ["MI-AIMH", "WA-AIMH", "CA-AIMH", "NYS-AIMH", "Texas AIMH"]
COLUMNS = [
    "id", "kind", "name", "slug", "qualifications", "organization", "bio",
    "age_bands", "languages", "delivery", "payment", "telehealth_regions",
    "accepting", "accepting_updated_on", "phone", "public_email", "website",
    "status", "is_sample", "published_at", "verified_on", "confirmed_on",
    "created_at", "updated_at", "service_type_ids", "modality_ids", "taxonomy_text",
    "credential_kinds",
]  # fmt: skip
CREDENTIAL_COLUMNS = [
    "listing_id",
    "kind",
    "issued_by",
    "year",
    "details",
    "verified_on",
]
LOCATION_COLUMNS = [
    "listing_id", "label", "address", "city", "region", "postal_code", "country",
    "latitude", "longitude", "point_source", "show_address",
]  # fmt: skip


@dataclass
class DataReport:
    """What the directory data set holds and how long building it took."""

    listings: int
    visible: int
    locations: int
    places: int
    table_size: str
    reused: bool
    seconds: dict[str, float] = field(default_factory=dict)
    match_share: dict[str, float] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        built = (
            "reused (pass --rebuild to generate it again)"
            if self.reused
            else "generated: "
            + ", ".join(f"{step} {sec:.1f} s" for step, sec in self.seconds.items())
        )
        shares = ", ".join(f"{w} {share:.1%}" for w, share in self.match_share.items())
        return [
            f"listings   {self.listings:,} ({self.visible:,} visible), "
            f"{self.locations:,} locations, {self.places:,} places, "
            f"{self.table_size} with indexes",
            f"data set   {built}",
            f"matching   {shares}",
        ]


def ensure_listings(count: int, *, seed: int, rebuild: bool) -> DataReport:
    """Reuse the data set when a finished build has ``count`` rows, else build it."""
    call_command("load_places", "--if-empty", stdout=StringIO())
    call_command("load_starter_content", stdout=StringIO())
    state = bulk.read_state(STATE)
    reused = (
        not rebuild
        and state.get("complete") is True
        and state.get("rows") == count
        and state.get("seed") == seed
    )
    seconds = {} if reused else generate(count, seed=seed)
    return describe(reused=reused, seconds=seconds)


def generate(count: int, *, seed: int) -> dict[str, float]:
    """Replace every listing with ``count`` generated ones; returns timings."""
    timings: dict[str, float] = {}
    started = tick = time.perf_counter()
    rng = random.Random(seed)
    zip_codes = _zip_codes(rng)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE directory_listing CASCADE")
        indexes = bulk.drop_secondary_indexes(STATE, "directory_listing")
        places: list[tuple] = []
        credentials: list[tuple] = []
        bulk.copy_lines(
            "directory_listing",
            COLUMNS,
            _rows(count, rng, zip_codes, places, credentials),
        )
        bulk.copy_lines(
            "directory_location", LOCATION_COLUMNS, (bulk.copy_line(p) for p in places)
        )
        bulk.copy_lines(
            "directory_credential",
            CREDENTIAL_COLUMNS,
            (bulk.copy_line(c) for c in credentials),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('directory_listing', 'id'), %s)",
                [count],
            )
        timings["write + copy rows"] = time.perf_counter() - tick
        tick = time.perf_counter()
        _link_terms(rng, count)
        timings["links + triggers"] = time.perf_counter() - tick
    tick = time.perf_counter()
    bulk.compact("directory_listing")
    with transaction.atomic():
        bulk.build_indexes(indexes)
        bulk.write_state(STATE, {"complete": True, "rows": count, "seed": seed})
    bulk.vacuum_analyze()
    timings["compact, index, analyze"] = time.perf_counter() - tick
    timings["total"] = time.perf_counter() - started
    return timings


def _zip_codes(rng: random.Random) -> Pool[tuple]:
    """ZIP codes weighted towards the big metro areas' own ZIP codes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, region, latitude, longitude FROM directory_place"
            " WHERE kind = 'postal_code' ORDER BY name"
        )
        everywhere = cursor.fetchall()
        cursor.execute(
            "SELECT z.name, z.region, z.latitude, z.longitude FROM directory_place z"
            " JOIN directory_place c ON c.kind = 'city' AND c.name = ANY(%s)"
            " AND c.population > 200000 AND z.kind = 'postal_code'"
            " AND z.region = c.region"
            " AND abs(z.latitude - c.latitude) < 0.25"
            " AND abs(z.longitude - c.longitude) < 0.3 ORDER BY z.name",
            [METROS],
        )
        metro = cursor.fetchall()
    # Three in five listings are in a metro area.
    return Pool(metro + everywhere, [4.0 / len(metro)] * len(metro)
                + [2.6 / len(everywhere)] * len(everywhere))  # fmt: skip


def _rows(
    count: int,
    rng: random.Random,
    zip_codes: Pool[tuple],
    places: list[tuple],
    credentials: list[tuple],
) -> Iterator[str]:
    today = timezone.localdate()
    now = timezone.now()
    for pk in range(1, count + 1):
        postal_code, region, latitude, longitude = zip_codes.pick(rng)
        is_person = rng.random() < 0.7
        name = (
            f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if is_person
            else f"{rng.choice(PRACTICE)} {rng.choice(PRACTICE_KIND)}"
        )
        delivery = DELIVERY.pick(rng)
        status = (
            "published"
            if rng.random() < 0.93
            else rng.choice(["draft", "pending", "withdrawn", "changes_pending"])
        )
        live = status in {"published", "changes_pending"}
        confirmed = today - timedelta(days=int(rng.expovariate(1 / 150)))
        published = now - timedelta(days=rng.randint(30, 900))
        bio = " ".join(BIO_SENTENCES.pick(rng) for _ in range(rng.randint(2, 5)))
        bands = sorted(rng.sample(AGE_BANDS, rng.randint(1, 4)))
        yield bulk.copy_line(
            [
                pk,
                "individual" if is_person else "organization",
                name,
                f"{slugify(name)}-{pk}",
                QUALIFICATIONS.pick(rng) if is_person else "",
                "" if not is_person or rng.random() < 0.5 else
                f"{rng.choice(PRACTICE)} {rng.choice(PRACTICE_KIND)}",
                bio,
                bulk.array(bands),
                bulk.array(LANGUAGES.pick(rng)),
                bulk.array(delivery),
                bulk.array(PAYMENT.pick(rng)),
                bulk.array([region] if "telehealth" in delivery else []),
                rng.choice(["yes", "yes", "waitlist", "no"]),
                confirmed,
                "",
                "",
                "",
                status,
                False,
                published if live else None,
                None,
                confirmed if live else None,
                published,
                published,
                "{}",
                "{}",
                "",
                "{}",
            ]
        )  # fmt: skip
        places.append(
            (pk, "", "", "", region, postal_code, "US",
             latitude + rng.uniform(-0.01, 0.01), longitude + rng.uniform(-0.01, 0.01),
             "postal_code", True)
        )  # fmt: skip
        if not is_person and rng.random() < 0.3:  # programs with a second site
            places.append(
                (pk, "", "", "", region, postal_code, "US",
                 latitude + rng.uniform(-0.2, 0.2), longitude + rng.uniform(-0.2, 0.2),
                 "postal_code", True)
            )  # fmt: skip
        credential = CREDENTIALS.pick(rng) if is_person else None
        if credential:
            verified = confirmed if rng.random() < 0.6 else None
            credentials.append(
                (pk, credential, rng.choice(ASSOCIATIONS), rng.randint(2008, 2026),
                 "", verified)
            )  # fmt: skip


def _link_terms(rng: random.Random, count: int) -> None:
    """One to three services and zero to two models per listing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM directory_servicetype ORDER BY position, id")
        services = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM directory_modality ORDER BY position, id")
        models = [row[0] for row in cursor.fetchall()]
    service_pool = Pool(services, weights=SERVICE_WEIGHTS[: len(services)])
    model_pool = Pool(models)
    service_links, model_links = set(), set()
    for pk in range(1, count + 1):
        for service in service_pool.sample(rng, rng.randint(1, 3)):
            service_links.add((pk, service))
        for model in model_pool.sample(rng, rng.randint(0, 2)):
            model_links.add((pk, model))
    for table, column, links in (
        ("directory_listing_service_types", "servicetype_id", service_links),
        ("directory_listing_modalities", "modality_id", model_links),
    ):
        bulk.copy_lines(
            table,
            ["listing_id", column],
            (bulk.copy_line(link) for link in sorted(links)),
        )
    # COPY fires the statement triggers once per batch; make sure every row is
    # right by refreshing all listings in one go.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT directory_refresh_taxonomy(ARRAY(SELECT id FROM directory_listing))"
        )


def describe(*, reused: bool, seconds: dict[str, float]) -> DataReport:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status IN"
            " ('published', 'changes_pending') AND confirmed_on >= %s),"
            " pg_size_pretty(pg_total_relation_size('directory_listing'))"
            " FROM directory_listing",
            [months_before(timezone.localdate(), HIDDEN_AFTER_MONTHS)],
        )
        total, visible, size = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM directory_location")
        locations = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM directory_place")
        places = cursor.fetchone()[0]
        shares = {}
        for word in PROBE_WORDS:
            cursor.execute(
                "SELECT count(*) FROM directory_listing"
                " WHERE search_vector @@ websearch_to_tsquery('imh_search', %s)",
                [word],
            )
            shares[word] = cursor.fetchone()[0] / total if total else 0.0
    return DataReport(
        listings=total,
        visible=visible,
        locations=locations,
        places=places,
        table_size=size,
        reused=reused,
        seconds=seconds,
        match_share=shares,
    )
