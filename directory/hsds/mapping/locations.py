"""HSDS locations: a listing's sites (physical) and its telehealth (virtual)."""

import uuid

from directory.hsds.mapping.ids import organization_id, virtual_location_id
from directory.hsds.mapping.records import compact, prefetched
from directory.models import Delivery, Listing, Location
from imh_portal.vocabulary import region_name


def offers_telehealth(listing: Listing) -> bool:
    """Telehealth with the regions it reaches: what a virtual location needs."""
    return Delivery.TELEHEALTH in listing.delivery and bool(listing.telehealth_regions)


def locations(listing: Listing) -> list[dict]:
    """Every HSDS location of a listing: its sites, then telehealth if offered."""
    sites = sorted(prefetched(listing, "locations"), key=lambda site: site.pk)
    found = [physical_location(listing, site) for site in sites]
    if offers_telehealth(listing):
        found.append(virtual_location(listing))
    return found


def physical_location(listing: Listing, site: Location) -> dict:
    """A site where the provider sees families.

    When the street address is hidden (a home-based practice) ``address_1`` is
    empty, as the schema requires the field, and a point a moderator set
    exactly is rounded to about a kilometre so it cannot give the house away.
    """
    hidden = not site.show_address
    latitude, longitude = site.latitude, site.longitude
    if hidden and site.point_source == Location.PointSource.EXACT:
        latitude, longitude = round(latitude, 2), round(longitude, 2)
    return compact(
        {
            "id": str(site.uuid),
            "location_type": "physical",
            "organization_id": str(organization_id(listing)),
            "name": site.label or f"{listing.name}, {site.city}",
            "description": "Street address not published." if hidden else "",
            "latitude": latitude,
            "longitude": longitude,
            "addresses": [
                {
                    "id": str(uuid.uuid5(site.uuid, "address")),
                    "location_id": str(site.uuid),
                    "address_1": "" if hidden else site.address,
                    "city": site.city,
                    "state_province": site.region.split("-")[-1],
                    "postal_code": site.postal_code,
                    "country": site.country,
                    "address_type": "physical",
                }
            ],
        }
    )


def virtual_location(listing: Listing) -> dict:
    """Telehealth, as a location: where the service reaches families online."""
    regions = "; ".join(region_name(code) for code in listing.telehealth_regions)
    return compact(
        {
            "id": str(virtual_location_id(listing)),
            "location_type": "virtual",
            "organization_id": str(organization_id(listing)),
            "name": "Telehealth",
            "description": f"Sessions by video or phone for families in {regions}.",
            "url": listing.website,
        }
    )


def location_summary(place: dict) -> dict:
    """A location's own fields, without its addresses: what a list item nests."""
    return {name: value for name, value in place.items() if name != "addresses"}
