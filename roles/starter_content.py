"""The thirteen roles, from ``roles/starter/roles.toml`` and their Spanish
texts in ``roles.es.toml``."""

from pathlib import Path

from imh_portal.starter_content import (
    in_both_languages,
    read_spanish,
    read_toml,
    sync_object,
)
from roles.models import Role

STARTER_DIR = Path(__file__).resolve().parent / "starter"
ROLES_FILE = STARTER_DIR / "roles.toml"
TRANSLATED = ("name", "i_am", "tagline", "summary")


def load_roles() -> int:
    spanish = read_spanish(ROLES_FILE).get("role", {})
    written = 0
    for entry in read_toml(ROLES_FILE, "role"):
        texts = {field: entry.get(field, "") for field in TRANSLATED}
        values = {
            **in_both_languages(texts, spanish.get(entry["slug"], {})),
            "position": entry["position"],
        }
        _row, changed = sync_object(Role, {"slug": entry["slug"]}, values)
        written += changed
    return written
