"""HSDS 3.0 JSON in, draft listings out, for moderators to review.

Rules:

- Input is one service or organization (fully nested, as ``/services/{id}``
  answers), a list or an HSDS page of them, newline-delimited JSON, or a
  directory written by ``export_hsds`` (its ``services.json``).
- Every record is checked against the official schema first, then against the
  listing form's own rules, and then saved through ``create_listing`` like a
  provider's draft. Each service of an organization becomes one listing.
- All or nothing: if any record is rejected, nothing is saved, and every
  rejected record is reported with its id and every reason.
- A record whose id is already a listing's ``uuid`` (or that appears twice) is
  reported and skipped, never imported again; a new listing keeps the
  record's id as its ``uuid``, so importing the same file twice is harmless.
"""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from directory import geo, services
from directory.forms import ListingInput, validation_messages
from directory.hsds import incoming
from directory.models import (
    Listing,
    ListingEvent,
    ListingStatus,
    Location,
    Modality,
    Place,
    ServiceType,
)

# The official HSDS 3.0 schemas, shipped unmodified (see spec/SOURCE.txt).
SCHEMA_DIR = Path(__file__).resolve().parent / "spec" / "schema" / "compiled"
# Keys only an organization has: how a record without ``status`` is told apart.
ORGANIZATION_KEYS = {
    "services",
    "website",
    "uri",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "parent_organization_id",
    "organization_identifiers",
    "programs",
    "locations",
}


class HsdsInputError(Exception):
    """The input cannot be read at all: nothing was imported."""


@dataclass
class Entry:
    """One top-level record of the input and where it was found."""

    source: str
    kind: str  # "service" or "organization"
    record: object


@dataclass
class Outcome:
    """What became of one service record."""

    source: str
    record_id: str
    name: str
    status: str = "pending"  # then "imported", "skipped" or "rejected"
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    listing: Listing | None = None

    def reject(self, reasons: list[str]) -> None:
        self.status = "rejected"
        self.reasons.extend(reasons)

    def skip(self, reason: str) -> None:
        self.status = "skipped"
        self.reasons.append(reason)

    @property
    def label(self) -> str:
        name = f", “{self.name}”" if self.name else ""
        return f"{self.source} (id {self.record_id or 'missing'}{name})"


@dataclass
class ImportReport:
    outcomes: list[Outcome]
    saved: bool

    def having(self, status: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]


def import_hsds(
    path: Path, *, dry_run: bool = False, schema_dir: Path = SCHEMA_DIR
) -> ImportReport:
    """Import every service in ``path`` as a draft listing, or none of them."""
    entries = read_entries(Path(path))
    pending = _check(entries, schema_dir)
    with transaction.atomic():
        for outcome, imported in pending:
            _save(outcome, imported)
        outcomes = [outcome for outcome, _imported in pending]
        rejected = any(outcome.status == "rejected" for outcome in outcomes)
        if dry_run or rejected:
            transaction.set_rollback(True)
    return ImportReport(outcomes, saved=not (dry_run or rejected))


def read_entries(path: Path) -> list[Entry]:
    """The top-level records of a file or an export directory."""
    if path.is_dir():
        path = path / "services.json"
        if not path.is_file():
            raise HsdsInputError(f"{path.parent} has no services.json.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HsdsInputError(f"Cannot read {path}: {error}") from error
    if path.suffix == ".ndjson":
        documents = [
            (f"{path.name} line {number}", _parse(line, path, number))
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
    else:
        data = _parse(text, path)
        if isinstance(data, dict) and isinstance(data.get("contents"), list):
            data = data["contents"]  # an HSDS page
        if isinstance(data, list):
            documents = [(f"{path.name} #{n}", item) for n, item in enumerate(data, 1)]
        else:
            documents = [(path.name, data)]
    return [Entry(source, _kind(record), record) for source, record in documents]


def _parse(text: str, path: Path, line: int | None = None):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {line or error.lineno}, column {error.colno}"
        raise HsdsInputError(
            f"{path} is not valid JSON ({where}): {error.msg}."
        ) from None


def _kind(record) -> str:
    is_organization = (
        isinstance(record, dict)
        and "status" not in record
        and bool(ORGANIZATION_KEYS & record.keys())
    )
    return "organization" if is_organization else "service"


def _check(entries: list[Entry], schema_dir: Path) -> list[tuple]:
    """Schema and mapping checks of every record, before anything is written."""
    checked = []
    terms = incoming.TermIndex.of(ServiceType.objects.all(), Modality.objects.all())
    for entry in entries:
        record = entry.record
        if not isinstance(record, dict):
            outcome = Outcome(entry.source, "", "")
            outcome.reject([f"Expected a JSON object, found {type(record).__name__}."])
            checked.append((outcome, None))
            continue
        errors = schema_errors(record, entry.kind, schema_dir)
        for service, organization in _services_of(entry):
            outcome = Outcome(
                entry.source, str(service.get("id", "")), str(service.get("name", ""))
            )
            if errors:
                outcome.reject(errors)
                checked.append((outcome, None))
                continue
            imported = incoming.service_from_record(
                service, organization=organization, terms=terms
            )
            outcome.warnings = imported.warnings
            if imported.errors:
                outcome.reject(imported.errors)
            checked.append((outcome, imported))
        if entry.kind == "organization" and not record.get("services"):
            outcome = Outcome(entry.source, str(record.get("id", "")), "")
            outcome.name = str(record.get("name", ""))
            outcome.reject(errors or ["The organization has no services to import."])
            checked.append((outcome, None))
    _skip_known(checked)
    return checked


def _services_of(entry: Entry) -> Iterator[tuple[dict, dict | None]]:
    if entry.kind == "service":
        yield entry.record, None
        return
    for position, service in enumerate(entry.record.get("services") or [], 1):
        if isinstance(service, dict):
            yield service, entry.record
        else:
            yield {"id": f"service #{position}"}, entry.record


def _skip_known(checked: list[tuple]) -> None:
    """Records already in the directory, or met earlier in the input."""
    ids = {}
    for outcome, _imported in checked:
        try:
            ids[outcome.record_id] = uuid.UUID(outcome.record_id)
        except ValueError:
            continue
    existing = dict(
        Listing.objects.filter(uuid__in=ids.values()).values_list("uuid", "status")
    )
    seen = set()
    for outcome, _imported in checked:
        if outcome.status != "pending" or outcome.record_id not in ids:
            continue
        record_id = ids[outcome.record_id]
        if record_id in existing:
            status = ListingStatus(existing[record_id]).label
            outcome.skip(f"Already in the directory (status: {status}).")
        elif record_id in seen:
            outcome.skip("Appears earlier in the input.")
        seen.add(record_id)


def _save(outcome: Outcome, imported: incoming.ImportedService | None) -> None:
    """Validate with the listing form's rules, then save as a draft."""
    if outcome.status != "pending":
        return
    unplaced = _fill_regions(imported)
    if unplaced:
        outcome.reject(unplaced)
        return
    listing_input = ListingInput.from_structured(
        {
            **imported.fields,
            "service_types": imported.service_types,
            "modalities": imported.modalities,
        },
        [site.values for site in imported.locations],
    )
    if not listing_input.is_valid():
        outcome.reject(_messages(listing_input.errors))
        return
    try:
        with transaction.atomic():
            listing = services.create_listing(
                owner=None, changes=listing_input.to_changes()
            )
            _finish(listing, imported, outcome)
    except ValidationError as error:
        outcome.reject(_messages(validation_messages(error)))
        return
    except IntegrityError:
        outcome.skip("Imported by someone else meanwhile.")
        return
    outcome.status = "imported"
    outcome.listing = listing


def _fill_regions(imported: incoming.ImportedService) -> list[str]:
    """Name the state of sites whose record did not, from the ZIP code or city."""
    errors = []
    for site in imported.locations:
        values = site.values
        if values["region"]:
            continue
        place = Place.objects.lookup(values["postal_code"])
        country = None
        if place is None and values["city"]:
            place = Place.objects.lookup(values["city"])
        if place is not None:
            country = place.region.split("-")[0]
        if place is None or country not in incoming.IMPORT_COUNTRIES:
            errors.append(
                f"Location {site.source!r}: we could not find ZIP code "
                f"{values['postal_code']!r} or city {values['city']!r} on the map."
            )
            continue
        values["region"] = place.region
    return errors


def _finish(
    listing: Listing, imported: incoming.ImportedService, outcome: Outcome
) -> None:
    """Keep the record's id and exact points, and say where the draft came from."""
    Listing.objects.filter(pk=listing.pk).update(
        uuid=uuid.UUID(imported.record_id), is_sample=imported.is_sample
    )
    listing.refresh_from_db(fields=["uuid", "is_sample"])
    sites = listing.locations.order_by("pk")
    for site, source in zip(sites, imported.locations, strict=True):
        if source.point is None:
            continue
        offset = geo.haversine_km(source.point, site.point)
        if offset > incoming.MAX_POINT_OFFSET_KM:
            outcome.warnings.append(
                f"Location {source.source!r}: its coordinates are {offset:.0f} km "
                "from its ZIP code or city, whose centre is used instead."
            )
            continue
        site.latitude, site.longitude = source.point.latitude, source.point.longitude
        site.point_source = Location.PointSource.EXACT
        site.save(update_fields=["latitude", "longitude", "point_source"])
    ListingEvent.objects.create(
        listing=listing,
        from_status=ListingStatus.DRAFT,
        to_status=ListingStatus.DRAFT,
        actor=None,
        reason=f"Imported from HSDS: {outcome.source}, record {imported.record_id}.",
    )


def _messages(errors: dict) -> list[str]:
    """Form or model errors as "field: message" lines, sites numbered from 1."""
    lines = []
    for name, messages in errors.items():
        if name == "locations" and messages and isinstance(messages[0], dict):
            lines += [
                f"location {position}, {field_name}: {message}"
                for position, site_errors in enumerate(messages, 1)
                for field_name, site_messages in site_errors.items()
                for message in site_messages
            ]
        else:
            where = "" if name == NON_FIELD_ERRORS else f"{name}: "
            lines += [f"{where}{message}" for message in messages]
    return lines


def schema_errors(record: dict, kind: str, schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Where ``record`` breaks the official HSDS schema for ``kind``, if anywhere."""
    validator = _validator(str(Path(schema_dir) / f"{kind}.json"))
    errors = sorted(
        validator.iter_errors(record),
        key=lambda error: [str(part) for part in error.absolute_path],
    )
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or kind}: "
        f"{error.message}"
        for error in errors
    ]


@cache
def _validator(schema_path: str):
    try:
        from jsonschema import Draft202012Validator, FormatChecker
    except ImportError as error:  # a development dependency in pyproject.toml
        raise HsdsInputError(
            "Checking HSDS records needs the jsonschema package."
        ) from error
    try:
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    except OSError as error:
        raise HsdsInputError(f"Cannot read the HSDS schema: {error}") from error
    return Draft202012Validator(schema, format_checker=FormatChecker())
