"""Loading curated starter content from the TOML files each app ships.

Loading is idempotent: a row is written only when a value differs, so running
the loader twice changes nothing (not even ``updated_at``).
"""

import tomllib
from pathlib import Path

from django.db import models

from imh_portal.models import Concept, HelpLine
from imh_portal.models.search_vocabulary import tidy_terms

STARTER_DIR = Path(__file__).resolve().parent / "starter"


def read_toml(path: Path, table: str) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle).get(table, [])


def read_spanish(path: Path) -> dict:
    """The Spanish texts kept beside an English starter file (``topics.es.toml``
    beside ``topics.toml``): for each table, a mapping of key to texts."""
    spanish = path.with_name(f"{path.stem}.es.toml")
    if not spanish.exists():
        return {}
    with spanish.open("rb") as handle:
        return tomllib.load(handle)


def in_both_languages(english: dict, spanish: dict) -> dict:
    """Each translated text as its English and Spanish fields (``name`` becomes
    ``name_en`` and ``name_es``). A missing Spanish text is stored as None,
    which pages show in English, marked as such."""
    values = {}
    for field, text in english.items():
        values[f"{field}_en"] = text.strip()
        values[f"{field}_es"] = (spanish.get(field) or "").strip() or None
    return values


def sync_object(model: type[models.Model], lookup: dict, values: dict):
    """Create or update one row; returns (row, whether anything was written)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**{**lookup, **values})
        row.full_clean()
        row.save()
        return row, True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.full_clean()
        row.save()
    return row, bool(changed)


def sync_table(model: type[models.Model], path: Path, table: str, *, key: str) -> int:
    """Sync every entry of a TOML array of tables, matched on ``key``."""
    written = 0
    for entry in read_toml(path, table):
        values = {name: value for name, value in entry.items() if name != key}
        _row, changed = sync_object(model, {key: entry[key]}, values)
        written += changed
    return written


def sync_ordered(manager, *, owner: dict, target: str, items: list) -> int:
    """Make a related list (``manager``) hold exactly ``items``, in order.

    ``items`` are (target id, English note, Spanish note) triples; rows are
    matched on ``owner`` plus ``target`` (say ``{"role": role}`` and
    ``"resource_id"``), so reordering or rewording writes only what changed.
    Rows not listed are removed.
    """
    written, wanted = 0, []
    for position, (target_id, note, spanish_note) in enumerate(items, 1):
        row, changed = sync_object(
            manager.model,
            {**owner, target: target_id},
            {
                "position": position,
                **in_both_languages({"note": note}, {"note": spanish_note}),
            },
        )
        written += changed
        wanted.append(row.pk)
    removed, _ = manager.exclude(pk__in=wanted).delete()
    return written + removed


def load_help_lines() -> int:
    """The help lines; each entry gives its Spanish texts as ``<field>_es``."""
    written = 0
    for entry in read_toml(STARTER_DIR / "help_lines.toml", "help_line"):
        texts = ("name", "how_to_reach", "description")
        spanish = {field: entry.get(f"{field}_es", "") for field in texts}
        english = {field: entry.get(field, "") for field in texts}
        other = {
            name: value
            for name, value in entry.items()
            if name not in english and not name.endswith("_es")
        }
        _row, changed = sync_object(
            HelpLine,
            {"name_en": entry["name"]},
            {**other, **in_both_languages(english, spanish)},
        )
        written += changed
    return written


def load_concepts() -> int:
    """The search vocabulary: families' words and the field's, in both languages."""
    written = 0
    for entry in read_toml(STARTER_DIR / "concepts.toml", "concept"):
        _row, changed = sync_object(
            Concept,
            {"name": entry["name"]},
            {
                "terms_en": tidy_terms(entry.get("terms_en", [])),
                "terms_es": tidy_terms(entry.get("terms_es", [])),
                "is_crisis": entry.get("crisis", False),
            },
        )
        written += changed
    return written
