"""Write the published directory as an HSDS 3.0 JSON data package."""

import contextlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.hsds import mapping
from directory.hsds.queries import taxonomy_terms
from directory.models import Listing
from imh_portal.exports import stream_rows
from imh_portal.site_address import site_url

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"
# name: (what each record is, the official schema its array validates against)
RESOURCES = {
    "organizations": (
        "The organizations behind the services, one per listing.",
        "compiled/organization_package.json",
    ),
    "services": (
        "Every published service, fully nested: organization, locations, "
        "phones, languages, service areas and taxonomy terms.",
        "compiled/service_package.json",
    ),
    "locations": (
        "Every location: sites (physical) and telehealth (virtual).",
        "location.json",
    ),
    "service_at_locations": (
        "Which service is offered at which location.",
        "compiled/service_at_location_package.json",
    ),
    "taxonomies": ("Service types, models, and credentials.", "taxonomy.json"),
    "taxonomy_terms": ("Every term of the three taxonomies.", "taxonomy_term.json"),
}


class JsonArrayFile:
    """A JSON array written one record at a time, so memory stays flat."""

    def __init__(self, path: Path):
        self.file = path.open("w", encoding="utf-8")
        self.file.write("[")
        self.count = 0

    def write(self, record: dict) -> None:
        self.file.write(",\n" if self.count else "\n")
        self.file.write(json.dumps(record, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.file.write("\n]\n")
        self.file.close()

    def discard(self) -> None:
        """Close after a failed write without raising a second error."""
        with contextlib.suppress(OSError):
            self.file.close()


class Command(BaseCommand):
    help = (
        "Write the published directory as an Open Referral HSDS 3.0 JSON data "
        "package into DIR: one JSON array per object type (organizations.json, "
        "services.json, locations.json, service_at_locations.json, "
        "taxonomies.json, taxonomy_terms.json) and datapackage.json describing "
        "them. Only listings the public may see are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where to write the files.")

    def handle(self, *args, directory: Path, **options):
        try:
            counts = self.export(directory)
        except OSError as error:
            # A full disk, a read-only or missing place: say so, no traceback.
            raise CommandError(f"Cannot write to {directory}: {error}") from error
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Wrote {summary} to {directory}.")

    def export(self, directory: Path) -> dict[str, int]:
        directory.mkdir(parents=True, exist_ok=True)
        files: dict[str, JsonArrayFile] = {}
        try:
            for name in RESOURCES:
                files[name] = JsonArrayFile(directory / f"{name}.json")
            self.write_records(files)
            for file in files.values():
                file.close()
        except OSError:
            for file in files.values():
                file.discard()
            raise
        counts = {name: file.count for name, file in files.items()}
        (directory / "datapackage.json").write_text(
            json.dumps(data_package(counts), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        return counts

    def write_records(self, files: dict[str, JsonArrayFile]) -> None:
        """One pass over the published listings feeds every file."""
        listings = mapping.for_records(Listing.objects.published().order_by("pk"))
        for listing in stream_rows(listings):
            files["organizations"].write(mapping.organization_summary(listing))
            files["services"].write(mapping.service(listing))
            for place in mapping.locations(listing):
                files["locations"].write(place)
                link = mapping.service_at_location(listing, place)
                files["service_at_locations"].write(
                    {key: link[key] for key in ("id", "service_id", "location_id")}
                )
        for info in mapping.TAXONOMIES:
            files["taxonomies"].write(mapping.taxonomy(info))
        for term in taxonomy_terms():
            files["taxonomy_terms"].write(term)


def data_package(counts: dict[str, int]) -> dict:
    """A Frictionless data package descriptor for the files written."""
    return {
        "profile": "data-package",
        "name": "imh-portal-directory-hsds",
        "title": "Infant Mental Health Portal: provider directory as HSDS 3.0",
        "homepage": site_url(),
        "created": timezone.now().isoformat(timespec="seconds"),
        "hsds_version": mapping.HSDS_VERSION,
        "hsds_profile": mapping.PROFILE_URI,
        "resources": [
            {
                "profile": "data-resource",
                "name": name,
                "path": f"{name}.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": description,
                # Each file is a JSON array; this official schema checks it
                # (a package schema) or each of its records.
                "hsds_schema": f"{SCHEMA_BASE}/{schema}",
                "count": counts[name],
            }
            for name, (description, schema) in RESOURCES.items()
        ],
    }
