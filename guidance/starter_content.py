"""Each role's guidance page, from ``guidance/starter/guidance.toml``: its text
and items, the resources it features and the kinds of provider it points to."""

from pathlib import Path

from directory.models import ServiceType
from guidance.models import GuidanceItem
from imh_portal.starter_content import read_toml, sync_object, sync_ordered
from resources.models import Resource
from roles.models import Role

STARTER_DIR = Path(__file__).resolve().parent / "starter"
GUIDANCE_FILE = STARTER_DIR / "guidance.toml"

# The TOML list behind each kind of guidance item.
GUIDANCE_LISTS = {
    GuidanceItem.Kind.ACTION: "actions",
    GuidanceItem.Kind.SIGN: "signs",
    GuidanceItem.Kind.WHERE_TO_TURN: "where_to_turn",
}


def guidance_entries() -> list[dict]:
    """Each role's guidance as written in the starter file."""
    return read_toml(GUIDANCE_FILE, "guidance")


def load_guidance() -> int:
    """Publish each role's page with its paragraph, items and related roles."""
    roles = {role.slug: role for role in Role.objects.all()}
    written = 0
    for entry in guidance_entries():
        role, changed = sync_object(
            Role,
            {"slug": entry["role"]},
            {
                "why_it_matters": entry["why_it_matters"].strip(),
                "last_reviewed_on": entry["last_reviewed_on"],
                "status": Role.Status.PUBLISHED,
            },
        )
        written += changed
        written += _sync_items(role, entry)
        related = {roles[slug].pk for slug in entry.get("related", [])}
        if set(role.related_roles.values_list("pk", flat=True)) != related:
            role.related_roles.set(related)
            written += 1
    return written


def _sync_items(role: Role, entry: dict) -> int:
    wanted = [
        (kind, position, text.strip())
        for kind, key in GUIDANCE_LISTS.items()
        for position, text in enumerate(entry.get(key, []), 1)
    ]
    current = list(role.guidance.values_list("kind", "position", "text"))
    if sorted(current) == sorted(wanted):
        return 0
    role.guidance.all().delete()
    GuidanceItem.objects.bulk_create(
        GuidanceItem(role=role, kind=kind, position=position, text=text)
        for kind, position, text in wanted
    )
    return 1


def load_featured_resources() -> int:
    """The resources each role's guidance page recommends, in order."""
    return _sync_role_lists(
        Resource, relation="featured_resources", target="resource_id", key="resources"
    )


def load_role_provider_types() -> int:
    """The kinds of provider each role's guidance page points to, in order."""
    return _sync_role_lists(
        ServiceType,
        relation="provider_types",
        target="service_type_id",
        key="provider_types",
    )


def _sync_role_lists(model, *, relation: str, target: str, key: str) -> int:
    """Each role's ordered list of ``model`` rows (by slug, with a note)."""
    by_slug = dict(model.objects.values_list("slug", "pk"))
    roles = {role.slug: role for role in Role.objects.all()}
    written = 0
    for entry in guidance_entries():
        role = roles[entry["role"]]
        written += sync_ordered(
            getattr(role, relation),
            owner={"role": role},
            target=target,
            items=[
                (by_slug[item["slug"]], item.get("note", "")) for item in entry[key]
            ],
        )
    return written
