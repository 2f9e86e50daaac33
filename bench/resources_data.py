"""The large resource library the benchmark searches.

Rows are written with COPY (see ``bulk``), then the many-to-many rows with one
INSERT … SELECT per table, so the portal's statement-level triggers fill
``topic_ids`` and ``audience_ids`` exactly as they do in production; the build
fails if they did not. Facet values are skewed like a curated library's: mostly
free websites and guides, for everywhere, in English.
"""

import io
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils.text import slugify

from bench import bulk
from bench import resources_vocabulary as vocab
from bench.resources_text import ResourceWriter, Subject
from bench.sampling import Pool

KINDS = Pool(
    ["website", "guide", "video", "tool", "book", "course", "service", "research",
     "app", "podcast"],
    weights=[30, 25, 9, 8, 7, 7, 6, 4, 3, 1],
)  # fmt: skip
COSTS = Pool(["free", "paid", "varies"], weights=[76, 14, 10])
STATUSES = Pool(
    ["published", "draft", "in_review", "archived"], weights=[95, 2.5, 1.5, 1]
)
LANGUAGE_SETS = Pool(
    [("en",), ("en", "es"), ("es",), ("en", "fr"), ("en", "es", "zh", "vi"),
     ("en", "zh"), ("en", "vi"), ("en", "ko"), ("en", "so")],
    weights=[87.5, 8.5, 1, 1.5, 0.5, 0.4, 0.3, 0.2, 0.1],
)  # fmt: skip
AGE_BANDS = ["prenatal", "0-12m", "12-24m", "24-36m", "3-5y"]
AGE_START = Pool(range(len(AGE_BANDS)), weights=[14, 42, 20, 14, 10])
EVERYWHERE_SHARE = 0.7
REGION_CODES = Pool([code for code, _place in vocab.REGIONS], exponent=0.9)
PUBLISHERS = Pool(vocab.PUBLISHERS, exponent=0.9)
TOPICS = Pool(vocab.TOPIC_ORDER, exponent=0.8)
ROLES = Pool(vocab.ROLE_ORDER, exponent=0.9)
HOW_MANY = Pool([1, 2, 3], weights=[45, 35, 20])
URL_PATHS = {
    "podcast": "podcast",
    "video": "videos",
    "course": "training",
    "service": "programs",
    "research": "research",
}
PUBLISHER_HOSTS = dict(vocab.PUBLISHERS)
PUBLISHED_SPAN = timedelta(days=3 * 365)
COLUMNS = [
    "id", "title", "slug", "kind", "summary", "description", "url", "publisher",
    "age_bands", "languages", "cost", "region", "status", "published_at",
    "last_reviewed_on", "link_status", "link_checked_at", "created_at",
    "updated_at", "topic_ids", "audience_ids",
]  # fmt: skip
# Words whose share of matching rows says whether the text is realistic:
# common, moderate, rare.
PROBE_WORDS = ["baby", "attachment", "grandparent", "Medicaid"]
# Filled from resources by triggers (the word list misspellings are corrected
# against), so emptied with them.
DERIVED_TABLES = ["imh_portal_searchword"]
STATE = "resources"


@dataclass
class DataReport:
    """What the data set holds and how long building it took."""

    resources: int
    published: int
    topic_links: int
    audience_links: int
    table_size: str
    reused: bool
    seconds: dict[str, float] = field(default_factory=dict)
    match_share: dict[str, float] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        if self.reused:
            built = "reused (pass --rebuild to generate it again)"
        else:
            steps = ", ".join(
                f"{name} {secs:.1f} s" for name, secs in self.seconds.items()
            )
            built = f"generated: {steps}"
        shares = ", ".join(
            f"{word} {share:.1%}" for word, share in self.match_share.items()
        )
        return [
            f"resources  {self.resources:,} ({self.published:,} published), "
            f"{self.topic_links:,} topic and {self.audience_links:,} audience links, "
            f"{self.table_size} with indexes",
            f"data set   {built}",
            f"matching   {shares}",
        ]


def ensure_resources(count: int, *, seed: int, rebuild: bool) -> DataReport:
    """Reuse the data set when a finished build has ``count`` rows, else build it."""
    from resources.models import Resource

    state = bulk.read_state(STATE)
    reused = (
        not rebuild
        and state.get("complete") is True
        and state.get("rows") == count
        and state.get("seed") == seed
        # The starter content loaded beside the generated rows adds a few.
        and Resource.objects.count() >= count
    )
    seconds = {} if reused else generate(count, seed=seed)
    return describe(reused=reused, seconds=seconds)


def generate(count: int, *, seed: int) -> dict[str, float]:
    """Replace every resource with ``count`` generated ones; returns timings."""
    timings: dict[str, float] = {}
    started = tick = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        _empty()
        indexes = bulk.drop_secondary_indexes(STATE, "resources_resource")
        topic_ids, role_ids = _load_vocabularies()
        links: dict[str, list[tuple[int, int]]] = {"topics": [], "audiences": []}
        bulk.copy_lines(
            "resources_resource",
            COLUMNS,
            _resource_rows(count, rng, topic_ids, role_ids, links),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('resources_resource', 'id'), %s)",
                [count],
            )
        timings["write + copy rows"] = time.perf_counter() - tick
        tick = time.perf_counter()
        _insert_links("resources_resource_topics", "topic_id", links["topics"])
        _insert_links("resources_resource_audiences", "role_id", links["audiences"])
        _check_triggers()
        timings["links + triggers"] = time.perf_counter() - tick
    tick = time.perf_counter()
    # The triggers rewrote every row twice; compacting leaves the table a
    # freshly restored database would have.
    bulk.compact("resources_resource")
    with transaction.atomic():
        bulk.build_indexes(indexes)
        bulk.write_state(STATE, {"complete": True, "rows": count, "seed": seed})
    bulk.vacuum_analyze()
    timings["compact, index, analyze"] = time.perf_counter() - tick
    timings["total"] = time.perf_counter() - started
    return timings


def describe(*, reused: bool, seconds: dict[str, float]) -> DataReport:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'published'),"
            " pg_size_pretty(pg_total_relation_size('resources_resource'))"
            " FROM resources_resource"
        )
        total, published, size = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM resources_resource_topics")
        topic_links = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM resources_resource_audiences")
        audience_links = cursor.fetchone()[0]
    return DataReport(
        resources=total,
        published=published,
        topic_links=topic_links,
        audience_links=audience_links,
        table_size=size,
        reused=reused,
        seconds=seconds,
        match_share=match_shares(PROBE_WORDS, total),
    )


def match_shares(words: Sequence[str], total: int) -> dict[str, float]:
    """Share of all resources whose search vector matches each word."""
    shares = {}
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute(
                "SELECT count(*) FROM resources_resource"
                " WHERE search_vector @@ websearch_to_tsquery('imh_search', %s)",
                [word],
            )
            shares[word] = cursor.fetchone()[0] / total if total else 0.0
    return shares


def _empty() -> None:
    with connection.cursor() as cursor:
        # CASCADE also empties the link tables, collections' items and
        # suggestions that point at the old rows. Tables that triggers fill
        # from resources are emptied too: TRUNCATE fires no delete triggers.
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
            [DERIVED_TABLES],
        )
        tables = ["resources_resource", *(row[0] for row in cursor.fetchall())]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def _load_vocabularies() -> tuple[dict[str, int], dict[str, int]]:
    """The 16 topics, 13 roles and the help lines every page shows."""
    from imh_portal.starter_content import load_help_lines
    from resources.models import Topic
    from resources.starter_content import load_topics
    from roles.models import Role
    from roles.starter_content import load_roles

    load_help_lines()
    load_roles()
    load_topics()
    topic_ids = dict(Topic.objects.values_list("slug", "pk"))
    role_ids = dict(Role.objects.values_list("slug", "pk"))
    missing = (set(vocab.TOPIC_ORDER) - set(topic_ids)) | (
        set(vocab.ROLE_ORDER) - set(role_ids)
    )
    if missing:
        raise RuntimeError(f"starter content lacks: {', '.join(sorted(missing))}")
    return topic_ids, role_ids


def _resource_rows(
    count: int,
    rng: random.Random,
    topic_ids: dict[str, int],
    role_ids: dict[str, int],
    links: dict[str, list[tuple[int, int]]],
) -> Iterator[str]:
    """One COPY line per resource; the link pairs are collected on the side."""
    writer = ResourceWriter(rng)
    now = datetime.now(UTC).replace(microsecond=0)
    slugs: set[str] = set()
    for pk in range(1, count + 1):
        subject = _subject(rng)
        title = writer.title(subject)
        slug = _unique_slug(title, slugs)
        status = STATUSES.pick(rng)
        # The library grows, so recent resources outnumber old ones.
        published_at = now - PUBLISHED_SPAN * rng.random() ** 1.5
        created_at = published_at - timedelta(days=rng.randint(0, 30))
        link_status = rng.choices(["ok", "unchecked", "broken"], [85, 12, 3])[0]
        checked = now - timedelta(days=rng.randint(1, 60))
        reviewed = published_at.date() + timedelta(days=rng.randint(0, 400))
        values = [
            pk,
            title,
            slug,
            subject.kind,
            writer.summary(subject),
            writer.description(subject),
            _url(subject, slug),
            subject.publisher,
            bulk.array(_age_bands(rng)),
            bulk.array(subject.languages),
            subject.cost,
            subject.region,
            status,
            published_at if status in {"published", "archived"} else None,
            min(reviewed, now.date()) if rng.random() < 0.7 else None,
            link_status,
            checked if link_status != "unchecked" else None,
            created_at,
            now,
            "{}",
            "{}",
        ]
        links["topics"].extend((pk, topic_ids[slug]) for slug in subject.topics)
        links["audiences"].extend((pk, role_ids[slug]) for slug in subject.audiences)
        yield bulk.copy_line(values)


def _subject(rng: random.Random) -> Subject:
    publisher = PUBLISHERS.pick(rng)[0] if rng.random() > 0.08 else ""
    region = "" if rng.random() < EVERYWHERE_SHARE else REGION_CODES.pick(rng)
    return Subject(
        kind=KINDS.pick(rng),
        topics=tuple(TOPICS.sample(rng, HOW_MANY.pick(rng))),
        audiences=tuple(ROLES.sample(rng, HOW_MANY.pick(rng))),
        publisher=publisher,
        cost=COSTS.pick(rng),
        languages=LANGUAGE_SETS.pick(rng),
        region=region,
    )


def _age_bands(rng: random.Random) -> list[str]:
    # A resource covers neighbouring ages (0–12 and 12–24 months), never a gap.
    start = AGE_START.pick(rng)
    return AGE_BANDS[start : start + HOW_MANY.pick(rng)]


def _unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)[:200] or "resource"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _url(subject: Subject, slug: str) -> str:
    host = PUBLISHER_HOSTS.get(subject.publisher, "www.familyresourcecenter.org")
    return f"https://{host}/{URL_PATHS.get(subject.kind, 'resources')}/{slug}"


def _insert_links(table: str, column: str, pairs: list[tuple[int, int]]) -> None:
    # One INSERT … SELECT, so each statement-level trigger runs once.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_links (resource_id bigint, other_id bigint)"
            " ON COMMIT DROP"
        )
        buffer = io.StringIO("".join(f"{left}\t{right}\n" for left, right in pairs))
        cursor.copy_expert("COPY bench_links FROM STDIN", buffer)
        # Table and column names come from this module's constants, never input.
        cursor.execute(
            f"INSERT INTO {table} (resource_id, {column})"  # nosec B608
            " SELECT resource_id, other_id FROM bench_links"
        )
        cursor.execute("DROP TABLE bench_links")


def _check_triggers() -> None:
    """Fail unless the triggers copied every link into the resource rows."""
    checks = [
        ("topic_ids", "resources_resource_topics", "topic_id"),
        ("audience_ids", "resources_resource_audiences", "role_id"),
    ]
    with connection.cursor() as cursor:
        for array, table, column in checks:
            # Names come from the constant list above.
            cursor.execute(
                f"SELECT count(*) FROM resources_resource r WHERE r.{array}"  # nosec B608
                f" IS DISTINCT FROM COALESCE((SELECT array_agg(m.{column}"
                f" ORDER BY m.{column})::int[] FROM {table} m"
                " WHERE m.resource_id = r.id), '{}')"
            )
            wrong = cursor.fetchone()[0]
            if wrong:
                raise RuntimeError(f"{wrong} resources have a stale {array}")
