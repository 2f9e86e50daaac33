"""The directory's service types and models, from ``directory/starter/``."""

from pathlib import Path

from directory.models import Modality, ServiceType
from imh_portal.starter_content import read_toml, sync_object

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
