"""The directory's service types and models, from ``directory/starter/``."""

from pathlib import Path

from directory.models import Modality, ServiceType
from imh_portal.starter_content import (
    in_both_languages,
    read_spanish,
    read_toml,
    sync_object,
)

STARTER_DIR = Path(__file__).resolve().parent / "starter"


def load_taxonomy() -> int:
    written = 0
    path = STARTER_DIR / "taxonomy.toml"
    spanish = read_spanish(path)
    for model, table in ((ServiceType, "service_type"), (Modality, "modality")):
        for position, term in enumerate(read_toml(path, table), 1):
            values = {
                **in_both_languages(
                    {"name": term["name"], "description": term["description"]},
                    spanish.get(table, {}).get(term["slug"], {}),
                ),
                "position": position,
            }
            _row, changed = sync_object(model, {"slug": term["slug"]}, values)
            written += changed
    return written
