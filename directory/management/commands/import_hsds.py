"""Import HSDS 3.0 JSON as draft listings for moderators to review."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from directory.hsds.importer import SCHEMA_DIR, HsdsInputError, import_hsds


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 services as draft listings without an owner, for "
        "moderators to review. FILE_OR_DIR is one service or organization "
        "(fully nested JSON), a list or an HSDS page of them, a .ndjson file, "
        "or a directory written by export_hsds. Every record is checked first; "
        "if any is rejected nothing is imported, every rejected record is "
        "listed with its reasons, and the exit status is 1. Records already "
        "imported (same id) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE_OR_DIR")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every record and report, but save nothing.",
        )
        parser.add_argument(
            "--schema-dir",
            type=Path,
            default=SCHEMA_DIR,
            help="Where the official compiled HSDS 3.0 schemas are "
            "(default: the copy vendored with the tests).",
        )

    def handle(self, *args, path: Path, dry_run: bool, schema_dir: Path, **options):
        try:
            report = import_hsds(path, dry_run=dry_run, schema_dir=schema_dir)
        except HsdsInputError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        for outcome in report.outcomes:
            if outcome.status == "rejected":
                self.stderr.write(f"REJECTED {outcome.label}:")
                for reason in outcome.reasons:
                    self.stderr.write(f"  - {reason}")
            elif outcome.status == "skipped":
                self.stdout.write(f"skipped {outcome.label}: {outcome.reasons[0]}")
            elif report.saved:
                listing = outcome.listing
                link = reverse("admin:directory_listing_change", args=[listing.pk])
                self.stdout.write(
                    self.style.SUCCESS(f"imported {outcome.label} as draft {link}")
                )
            else:
                self.stdout.write(f"valid {outcome.label}")
            if outcome.status != "rejected":
                for warning in outcome.warnings:
                    self.stdout.write(f"  ! {warning}")
        self._summary(report, dry_run)

    def _summary(self, report, dry_run: bool) -> None:
        rejected = len(report.having("rejected"))
        skipped = len(report.having("skipped"))
        if rejected:
            raise CommandError(
                f"{rejected} of {len(report.outcomes)} records rejected: nothing "
                "was imported."
            )
        imported = len(report.having("imported"))
        if dry_run:
            self.stdout.write(
                f"Dry run: {imported} records would be imported, {skipped} skipped."
            )
        else:
            self.stdout.write(
                f"Imported {imported} draft listings; {skipped} records skipped."
            )
