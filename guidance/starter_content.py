"""What ties roles to the library and the directory: each role page's featured
resources and the kinds of provider it points to, from roles/starter/guidance.toml."""

from directory.models import ServiceType
from imh_portal.starter_content import sync_ordered
from resources.models import Resource
from roles.models import Role
from roles.starter_content import guidance_entries


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
