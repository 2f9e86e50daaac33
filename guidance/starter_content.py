"""Each role's guidance page, from ``guidance/starter/guidance.toml``: its text
and items, the resources it features and the kinds of provider it points to."""

from pathlib import Path

from directory.models import ServiceType
from guidance.models import GuidanceItem
from imh_portal.starter_content import (
    in_both_languages,
    read_spanish,
    read_toml,
    sync_object,
    sync_ordered,
)
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


def spanish_guidance() -> dict[str, dict]:
    """Each role's guidance in Spanish (``guidance.es.toml``), by role slug."""
    return read_spanish(GUIDANCE_FILE).get("guidance", {})


def load_guidance() -> int:
    """Publish each role's page with its paragraph, items and related roles."""
    roles = {role.slug: role for role in Role.objects.all()}
    spanish = spanish_guidance()
    written = 0
    for entry in guidance_entries():
        in_spanish = spanish.get(entry["role"], {})
        role, changed = sync_object(
            Role,
            {"slug": entry["role"]},
            {
                **in_both_languages(
                    {"why_it_matters": entry["why_it_matters"]}, in_spanish
                ),
                "last_reviewed_on": entry["last_reviewed_on"],
                "status": Role.Status.PUBLISHED,
            },
        )
        written += changed
        written += _sync_items(role, entry, in_spanish)
        related = {roles[slug].pk for slug in entry.get("related", [])}
        if set(role.related_roles.values_list("pk", flat=True)) != related:
            role.related_roles.set(related)
            written += 1
    return written


def _sync_items(role: Role, entry: dict, spanish: dict) -> int:
    """The role's items, each list matched by position with its Spanish list."""
    wanted = []
    for kind, key in GUIDANCE_LISTS.items():
        spanish_texts = spanish.get(key, [])
        for position, text in enumerate(entry.get(key, []), 1):
            in_spanish = (
                spanish_texts[position - 1] if position <= len(spanish_texts) else ""
            )
            texts = in_both_languages({"text": text}, {"text": in_spanish})
            wanted.append((kind, position, texts["text_en"], texts["text_es"]))
    current = list(role.guidance.values_list("kind", "position", "text_en", "text_es"))
    if sorted(current, key=str) == sorted(wanted, key=str):
        return 0
    role.guidance.all().delete()
    GuidanceItem.objects.bulk_create(
        GuidanceItem(
            role=role, kind=kind, position=position, text_en=english, text_es=spanish
        )
        for kind, position, english, spanish in wanted
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
    # guidance.es.toml names the Spanish notes resource_notes and
    # provider_type_notes, by the same slugs.
    spanish_key = "resource_notes" if key == "resources" else "provider_type_notes"
    spanish = spanish_guidance()
    written = 0
    for entry in guidance_entries():
        role = roles[entry["role"]]
        notes = spanish.get(entry["role"], {}).get(spanish_key, {})
        written += sync_ordered(
            getattr(role, relation),
            owner={"role": role},
            target=target,
            items=[
                (
                    by_slug[item["slug"]],
                    item.get("note", ""),
                    notes.get(item["slug"], ""),
                )
                for item in entry[key]
            ],
        )
    return written
