"""Topics, resources and collections from ``resources/starter/*.toml``."""

import tomllib
from pathlib import Path

from django.utils import timezone

from imh_portal.starter_content import (
    in_both_languages,
    read_spanish,
    read_toml,
    sync_object,
    sync_ordered,
)
from resources.models import (
    Collection,
    Resource,
    ResourceReview,
    Topic,
)
from roles.models import Role

STARTER_DIR = Path(__file__).resolve().parent / "starter"


def load_topics() -> int:
    path = STARTER_DIR / "topics.toml"
    spanish = read_spanish(path).get("topic", {})
    written = 0
    for position, topic in enumerate(read_toml(path, "topic"), 1):
        values = {
            **in_both_languages(
                {"name": topic["name"], "description": topic.get("description", "")},
                spanish.get(topic["slug"], {}),
            ),
            "position": position,
        }
        _row, changed = sync_object(Topic, {"slug": topic["slug"]}, values)
        written += changed
    return written


# Who signs the starter content's reviews, as the About page lists reviewers.
STARTER_REVIEWER = "Library curators"


def starter_resources() -> list[dict]:
    """Every ``resources*.toml`` entry: help lines and general resources first,
    then one file per kind or audience (books, media, Spanish, families...)."""
    entries = []
    for path in sorted(STARTER_DIR.glob("resources*.toml")):
        entries += read_toml(path, "resource")
    return entries


def spanish_summaries() -> dict[str, str]:
    """Spanish readers' summaries of resources whose own summary is not in
    Spanish (``summaries.es.toml``), by resource slug."""
    with (STARTER_DIR / "summaries.es.toml").open("rb") as handle:
        entries = tomllib.load(handle).get("resource", {})
    return {slug: entry["summary"].strip() for slug, entry in entries.items()}


def load_resources() -> int:
    topics = dict(Topic.objects.values_list("slug", "pk"))
    roles = dict(Role.objects.values_list("slug", "pk"))
    summaries = spanish_summaries()
    written = 0
    for item in starter_resources():
        values = {
            "spanish_summary": summaries.get(item["slug"], ""),
            "title": item["title"],
            "kind": item["kind"],
            "url": item["url"],
            "publisher": item.get("publisher", ""),
            "summary": item["summary"].strip(),
            "description": item.get("description", "").strip(),
            "age_bands": list(item.get("age_bands", [])),
            "languages": list(item.get("languages", ["en"])),
            "cost": item["cost"],
            "region": item.get("region", ""),
            "last_reviewed_on": item.get("last_reviewed_on"),
            "authors": item.get("authors", ""),
            "published_year": item.get("published_year"),
            "isbn": item.get("isbn", ""),
            "status": Resource.Status.PUBLISHED,
        }
        resource = Resource.objects.filter(slug=item["slug"]).first()
        if resource is None or resource.published_at is None:
            values["published_at"] = timezone.now()
        resource, changed = sync_object(Resource, {"slug": item["slug"]}, values)
        written += changed
        written += _sync_many(
            resource.topics, [topics[slug] for slug in item["topics"]]
        )
        written += _sync_many(
            resource.audiences, [roles[slug] for slug in item["audiences"]]
        )
        written += _sync_review(resource)
    return written


def _sync_review(resource: Resource) -> int:
    """The starter's review date, signed by the curators, unless recorded."""
    if resource.last_reviewed_on is None:
        return 0
    reviews = ResourceReview.objects.filter(
        resource=resource, reviewed_on=resource.last_reviewed_on
    )
    if reviews.exists():
        return 0
    ResourceReview.objects.create(
        resource=resource,
        reviewed_on=resource.last_reviewed_on,
        reviewer=STARTER_REVIEWER,
    )
    return 1


def load_collections() -> int:
    resources = dict(Resource.objects.values_list("slug", "pk"))
    path = STARTER_DIR / "collections.toml"
    spanish = read_spanish(path).get("collection", {})
    written = 0
    for position, item in enumerate(read_toml(path, "collection"), 1):
        in_spanish = spanish.get(item["slug"], {})
        notes = in_spanish.get("notes", {})
        values = {
            **in_both_languages(
                {"title": item["title"], "introduction": item["introduction"]},
                in_spanish,
            ),
            "is_featured": item.get("featured", False),
            "position": item.get("position", position),
            "status": Collection.Status.PUBLISHED,
        }
        collection, changed = sync_object(Collection, {"slug": item["slug"]}, values)
        written += changed
        written += sync_ordered(
            collection.items,
            owner={"collection": collection},
            target="resource_id",
            items=[
                (
                    resources[entry["resource"]],
                    entry.get("note", ""),
                    notes.get(entry["resource"], ""),
                )
                for entry in item["items"]
            ],
        )
    return written


def _sync_many(manager, wanted_ids: list[int]) -> int:
    current = set(manager.values_list("pk", flat=True))
    if current == set(wanted_ids):
        return 0
    manager.set(wanted_ids)
    return 1
