"""The directory's service types and models, from ``directory/starter/``."""

from pathlib import Path

from directory.models import Modality, RoleProviderType, ServiceType
from imh_portal.starter_content import read_toml, sync_object
from roles.models import Role
from roles.starter_content import guidance_entries

STARTER_DIR = Path(__file__).resolve().parent / "starter"


def load_taxonomy() -> int:
    written = 0
    path = STARTER_DIR / "taxonomy.toml"
    for model, table in ((ServiceType, "service_type"), (Modality, "modality")):
        for position, term in enumerate(read_toml(path, table), 1):
            values = {
                "name": term["name"],
                "description": term["description"],
                "position": position,
            }
            _row, changed = sync_object(model, {"slug": term["slug"]}, values)
            written += changed
    return written


def load_role_provider_types() -> int:
    """The kinds of provider each role's guidance page points to, in order."""
    service_types = dict(ServiceType.objects.values_list("slug", "pk"))
    roles = {role.slug: role for role in Role.objects.all()}
    written = 0
    for entry in guidance_entries():
        role = roles[entry["role"]]
        wanted = []
        for position, item in enumerate(entry["provider_types"], 1):
            row, changed = sync_object(
                RoleProviderType,
                {"role": role, "service_type_id": service_types[item["slug"]]},
                {"position": position, "note": item.get("note", "").strip()},
            )
            written += changed
            wanted.append(row.pk)
        removed, _ = role.provider_types.exclude(pk__in=wanted).delete()
        written += removed
    return written
