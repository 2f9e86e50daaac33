"""The directory's service types and models, from ``directory/starter/``."""

from pathlib import Path

from directory.models import Modality, ServiceType
from imh_portal.starter_content import read_toml, sync_object, sync_ordered
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
        written += sync_ordered(
            role.provider_types,
            owner={"role": role},
            target="service_type_id",
            items=[
                (service_types[item["slug"]], item.get("note", ""))
                for item in entry["provider_types"]
            ],
        )
    return written
