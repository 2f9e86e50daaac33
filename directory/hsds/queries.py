"""What the HSDS API reads: the published listings, the rows behind each
list, and the records built from them in a fixed number of queries."""

import uuid

from django.db.models import BigIntegerField, F, FloatField, Q, Value

from directory import geo
from directory.hsds import mapping
from directory.models import (
    CredentialKind,
    Delivery,
    Listing,
    ListingQuerySet,
    Location,
    Modality,
    Place,
    ServiceType,
)


def published() -> ListingQuerySet:
    """What the public may see, and so all that HSDS publishes."""
    return Listing.objects.published()


def term_condition(term_id: uuid.UUID) -> Q:
    """Listings carrying a term, by the arrays the directory's facets use."""
    for kind in CredentialKind.values:
        if mapping.credential_term_id(kind) == term_id:
            return Q(credential_kinds__contains=[kind])
    service_type = ServiceType.objects.filter(uuid=term_id).values("pk").first()
    if service_type:
        return Q(service_type_ids__contains=[service_type["pk"]])
    modality = Modality.objects.filter(uuid=term_id).values("pk").first()
    if modality:
        return Q(modality_ids__contains=[modality["pk"]])
    return Q(pk__in=[])


def taxonomy_condition(taxonomy_id: uuid.UUID) -> Q:
    """Listings carrying any term of a taxonomy."""
    arrays = {
        mapping.SERVICE_TYPES.id: "service_type_ids",
        mapping.MODALITIES.id: "modality_ids",
        mapping.CREDENTIALS.id: "credential_kinds",
    }
    if taxonomy_id not in arrays:
        return Q(pk__in=[])
    return ~Q(**{arrays[taxonomy_id]: []})


def service_at_location_rows(listings, place: Place | None, km: float):
    """(listing pk, location pk or None, km or None) for every pair, in order.

    One UNION of the listings' sites and their telehealth, so that counting
    and paging run in the database whatever the page.
    """
    sites = Location.objects.filter(listing__in=listings.values("pk"))
    online = listings.filter(delivery__contains=[Delivery.TELEHEALTH]).exclude(
        telehealth_regions=[]
    )
    if place is None:
        distance = Value(None, output_field=FloatField())
    else:
        box = geo.bounding_box(place.point, km)
        sites = sites.filter(
            latitude__range=(box.min_latitude, box.max_latitude),
            longitude__range=(box.min_longitude, box.max_longitude),
        )
        distance = geo.distance_km_expression(place.point)
        online = online.filter(
            telehealth_regions__overlap=[place.region, place.region.split("-")[0]]
        )
    sites = sites.annotate(
        service=F("listing_id"), site=F("pk"), km=distance
    ).values_list("service", "site", "km")
    if place is not None:
        sites = sites.filter(km__lte=km)
    online = online.annotate(
        service=F("pk"),
        site=Value(None, output_field=BigIntegerField()),
        km=Value(None, output_field=FloatField()),
    ).values_list("service", "site", "km")
    # PostgreSQL sorts nulls last: telehealth after the sites, nearest first.
    return sites.union(online, all=True).order_by("km", "service", "site")


class ServiceAtLocations:
    """HSDS records for (listing, site) rows: three queries per batch."""

    def __init__(self, *, full: bool):
        self.full = full

    def __call__(self, rows: list[tuple]) -> list[dict]:
        listings = mapping.for_records(Listing.objects.all(), full=self.full).in_bulk(
            {service for service, _site, _km in rows}
        )
        sites = Location.objects.in_bulk([site for _s, site, _km in rows if site])
        records = []
        for service, site, _km in rows:
            listing = listings[service]
            place = (
                mapping.physical_location(listing, sites[site])
                if site
                else mapping.virtual_location(listing)
            )
            records.append(mapping.service_at_location(listing, place, full=self.full))
        return records


def taxonomy_terms() -> list[dict]:
    """Every term of the three taxonomies, in the directory's order."""
    terms = [mapping.taxonomy_term(term) for term in ServiceType.objects.in_order()]
    terms += [mapping.taxonomy_term(term) for term in Modality.objects.in_order()]
    return terms + mapping.credential_terms()
