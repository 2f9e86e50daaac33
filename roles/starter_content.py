"""The thirteen roles, from ``roles/starter/roles.toml``."""

from pathlib import Path

from imh_portal.starter_content import sync_table
from roles.models import Role

STARTER_DIR = Path(__file__).resolve().parent / "starter"


def load_roles() -> int:
    return sync_table(Role, STARTER_DIR / "roles.toml", "role", key="slug")
