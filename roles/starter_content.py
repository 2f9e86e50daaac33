"""The thirteen roles, loaded from ``roles/starter/roles.toml``."""

from pathlib import Path

from imh_portal.starter_content import read_toml, sync_object
from roles.models import Role

STARTER_DIR = Path(__file__).resolve().parent / "starter"


def load_roles() -> int:
    written = 0
    for role in read_toml(STARTER_DIR / "roles.toml", "role"):
        values = {key: value for key, value in role.items() if key != "slug"}
        _row, changed = sync_object(Role, {"slug": role["slug"]}, values)
        written += changed
    return written
