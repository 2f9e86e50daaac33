"""The directory as an Open Referral HSDS 3.0 API, under ``/api/hsds/``.

Only what the public may see (``Listing.objects.visible()``) is published.
Lists are HSDS pages (``page`` from 1, ``per_page`` up to 100) or, with
``format=ndjson``, every matching record streamed one per line. Filters are
cumulative. Every view is a public read: unknown parameters answer 400, and
responses carry ETag and Last-Modified.
"""

import datetime
import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.db.models import BigIntegerField, F, FloatField, Q, Value
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from directory import geo
from directory.hsds import mapping
from directory.hsds.schema import (
    DEFAULT_PER_PAGE,
    DEFAULT_PROXIMITY_METRES,
    FULL,
    FULL_ORGANIZATION,
    FULL_SERVICE,
    FULL_SERVICE_AT_LOCATION,
    FULL_SERVICE_PARAMETER,
    ID,
    LISTING_FILTERS,
    MAX_MINIMAL_PER_PAGE,
    MAX_PER_PAGE,
    MAX_PROXIMITY_METRES,
    MINIMAL,
    ORGANIZATION,
    PAGE,
    PAGING_PARAMETERS,
    SEARCH,
    SERVICE_AT_LOCATION,
    SERVICE_OR_MINIMAL,
    TAG,
    TAXONOMY,
    TAXONOMY_TERM,
    detail_responses,
    list_responses,
)
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
from imh_portal import search as text_search
from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.api_lists import modified_after
from imh_portal.api_schema import ERRORS, NOT_MODIFIED
from imh_portal.exports import CHUNK_SIZE, NDJSONRenderer, ndjson_response, stream_rows


def hsds_version() -> datetime.datetime:
    """When anything the HSDS records show last changed.

    Listings (and their removals) and the terms named in records count. A
    listing also drops out of view 18 months after its last confirmation
    without any row changing, so the published set may change at midnight.
    """
    changed = [
        data_version(Listing, tombstone_kind="listing"),
        data_version(ServiceType),
        data_version(Modality),
    ]
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )
    return max(filter(None, [*changed, midnight]))


class HsdsView(PublicReadMixin, APIView):
    """A public HSDS read: strict parameters, conditional GET, rate limits."""

    # HSDS names the page size ``per_page``: the portal's ``page_size`` would be
    # accepted and ignored, so it is refused like any unknown parameter.
    refused_query_parameters = frozenset({"page_size"})

    def allowed_query_parameters(self) -> set[str]:
        return super().allowed_query_parameters() - self.refused_query_parameters

    def last_modified(self, request) -> datetime.datetime:
        return self.version

    @cached_property
    def version(self) -> datetime.datetime:
        return hsds_version()


class HsdsDetailView(HsdsView):
    """One record by its HSDS id."""

    # Not a list: page, per_page and the filters are refused.
    action = "retrieve"


class HsdsListView(HsdsView):
    """An HSDS page of records, or all of them as newline-delimited JSON."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, NDJSONRenderer]

    max_per_page = MAX_PER_PAGE

    def streaming(self) -> bool:
        # Paging means nothing to a stream, but a bad value is still a 400.
        page_parameters(self.request.query_params, self.max_per_page)
        return getattr(self.request.accepted_renderer, "format", "") == "ndjson"

    def page(
        self, records: Callable[[int, int], list[dict]], count: Callable[[], int]
    ) -> Response:
        """One HSDS page; ``records(offset, limit)`` maps the rows shown."""
        number, size = page_parameters(self.request.query_params, self.max_per_page)
        total = self.total(count)
        offset = (number - 1) * size
        contents = records(offset, size) if offset < total else []
        return Response(page_body(total, number, size, contents))

    def total(self, count: Callable[[], int]) -> int:
        """``count()``, once per filter set and data version.

        A partner copying the directory reads every page: counting 50,000
        rows for each page would double its work.
        """
        params = sorted(
            (name, values)
            for name, values in self.request.query_params.lists()
            if name not in PAGING_PARAMETERS
        )
        identity = [type(self).__name__, params, self.version.isoformat()]
        digest = hashlib.sha256(json.dumps(identity).encode()).hexdigest()
        return cache.get_or_set(
            f"hsds-count:{digest}", count, settings.SEARCH_CACHE_SECONDS
        )

    def stream(self, records: Iterable[dict]) -> StreamingHttpResponse:
        return ndjson_response(records)


def page_parameters(params, max_per_page: int = MAX_PER_PAGE) -> tuple[int, int]:
    """(page number from 1, page size) from ``page`` and ``per_page``; 400 if bad."""
    errors, values = {}, {}
    for name, default, upper in (
        ("page", 1, None),
        ("per_page", DEFAULT_PER_PAGE, max_per_page),
    ):
        raw = params.get(name)
        if raw is None:
            values[name] = default
        elif not raw.isdigit() or int(raw) < 1:
            errors[name] = ["Must be a whole number of 1 or more."]
        elif upper is not None and int(raw) > upper:
            errors[name] = [f"Must be at most {upper}."]
        else:
            values[name] = int(raw)
    if errors:
        raise ValidationError(errors)
    return values["page"], values["per_page"]


def page_body(total: int, number: int, size: int, contents: list[dict]) -> dict:
    """The HSDS ``Page``: a page past the end is empty, not an error."""
    pages = math.ceil(total / size)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def parse_id(text: str) -> uuid.UUID:
    """A record id from the path; anything but a UUID names no record (404)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound("No record has this id.") from None


def _uuid_parameter(params, name: str, errors: dict) -> uuid.UUID | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        errors[name] = ["Must be a UUID."]
        return None


def _boolean_parameter(params, name: str, errors: dict) -> bool:
    raw = params.get(name)
    if raw is None:
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    errors[name] = ["Must be true or false."]
    return False


@dataclass(frozen=True)
class ListingFilters:
    """The cumulative filters of the listing-based lists."""

    text: str = ""
    term: uuid.UUID | None = None
    taxonomy: uuid.UUID | None = None
    organization: uuid.UUID | None = None
    modified_after: datetime.datetime | None = None
    full: bool = False
    full_service: bool = False

    @classmethod
    def from_request(cls, request) -> "ListingFilters":
        params = request.query_params
        errors: dict[str, list[str]] = {}
        text = text_search.normalise_query(params.get("search"))
        if len(text) > text_search.MAX_QUERY_LENGTH:
            errors["search"] = [
                f"Must be at most {text_search.MAX_QUERY_LENGTH} characters."
            ]
        moment = None
        try:
            moment = modified_after(request)
        except ValidationError as error:
            errors.update(error.detail)
        except ValueError:  # well formed but impossible, e.g. 2026-02-30
            errors["modified_after"] = ["Must be a real date and time."]
        filters = cls(
            text=text,
            term=_uuid_parameter(params, "taxonomy_term_id", errors),
            taxonomy=_uuid_parameter(params, "taxonomy_id", errors),
            organization=_uuid_parameter(params, "organization_id", errors),
            modified_after=moment,
            full=_boolean_parameter(params, "full", errors),
            full_service=_boolean_parameter(params, "full_service", errors),
        )
        if errors:
            raise ValidationError(errors)
        return filters

    def apply(self, listings):
        """The listings that pass every filter, in a stable order."""
        if self.text:
            listings = listings.search(self.text)
        if self.term is not None:
            listings = listings.filter(_term_condition(self.term))
        if self.taxonomy is not None:
            listings = listings.filter(_taxonomy_condition(self.taxonomy))
        if self.organization is not None:
            listings = listings.filter(
                uuid=mapping.derived_id(self.organization, "organization")
            )
        if self.modified_after is not None:
            listings = listings.filter(updated_at__gte=self.modified_after)
        return listings.order_by(*(["-rank"] if self.text else []), "pk")


def _term_condition(term_id: uuid.UUID) -> Q:
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


def _taxonomy_condition(taxonomy_id: uuid.UUID) -> Q:
    arrays = {
        mapping.SERVICE_TYPES.id: "service_type_ids",
        mapping.MODALITIES.id: "modality_ids",
        mapping.CREDENTIALS.id: "credential_kinds",
    }
    if taxonomy_id not in arrays:
        return Q(pk__in=[])
    return ~Q(**{arrays[taxonomy_id]: []})


def published() -> ListingQuerySet:
    """What the public may see, and so all that HSDS publishes."""
    return Listing.objects.visible()


LIST_EXTRAS = {"per_page", "search"}
LISTING_EXTRAS = LIST_EXTRAS | {
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "full",
}


# --- Views ------------------------------------------------------------------


class RootView(HsdsView):
    """What this API is: its HSDS version, profile and OpenAPI description."""

    @extend_schema(
        operation_id="getAPIMetaInformation",
        tags=[TAG],
        summary="About this HSDS API",
        responses={
            200: OpenApiResponse(
                response={
                    "type": "object",
                    "required": ["version", "profile", "openapi_url"],
                    "properties": {
                        "version": {"type": "string", "enum": ["3.0"]},
                        "profile": {"type": "string", "format": "uri"},
                        "openapi_url": {"type": "string", "format": "uri"},
                    },
                },
                description="The HSDS version, the profile (core HSDS 3.0) and "
                "where this API's OpenAPI document is.",
            ),
            **NOT_MODIFIED,
            429: ERRORS[429],
        },
    )
    def get(self, request):
        return Response(
            {
                "version": mapping.HSDS_VERSION,
                "profile": mapping.PROFILE_URI,
                # JSON, as HSDS tools read it; the same URL serves YAML by default.
                "openapi_url": request.build_absolute_uri(
                    reverse("api-schema") + "?format=json"
                ),
            }
        )


class ServiceListView(HsdsListView):
    """Published services, one per listing."""

    extra_query_parameters = LISTING_EXTRAS | {"minimal"}

    @extend_schema(
        operation_id="getPaginatedListOfServices",
        tags=[TAG],
        summary="Services",
        parameters=[*LISTING_FILTERS, MINIMAL, FULL, *PAGE],
        responses=list_responses(
            SERVICE_OR_MINIMAL,
            "Services with their own fields and their organization; with "
            "`minimal`, only each service's `id` and `last_modified`.",
        ),
    )
    def get(self, request):
        filters = ListingFilters.from_request(request)
        minimal = minimal_parameter(request.query_params, full=filters.full)
        rows = filters.apply(published())
        if minimal:
            self.max_per_page = MAX_MINIMAL_PER_PAGE
            rows = rows.only("uuid", "updated_at")
            to_record = mapping.service_minimal
        else:
            rows = mapping.for_records(rows, full=filters.full)
            to_record = mapping.service if filters.full else mapping.service_summary
        if self.streaming():
            return self.stream(map(to_record, stream_rows(rows)))
        return self.page(
            lambda offset, limit: [
                to_record(listing) for listing in rows[offset : offset + limit]
            ],
            rows.count,
        )


def minimal_parameter(params, *, full: bool) -> bool:
    """``minimal``: true for ids and change times only; 400 beside ``full``."""
    errors: dict[str, list[str]] = {}
    minimal = _boolean_parameter(params, "minimal", errors)
    if minimal and full:
        errors["minimal"] = ["Choose minimal or full, not both."]
    if errors:
        raise ValidationError(errors)
    return minimal


class ServiceDetailView(HsdsDetailView):
    """One published service, fully nested."""

    @extend_schema(
        operation_id="getFullyNestedServiceById",
        tags=[TAG],
        summary="A service",
        parameters=[ID],
        responses=detail_responses(
            FULL_SERVICE,
            "The service with its organization, locations, phones, languages, "
            "service areas and taxonomy terms.",
        ),
    )
    def get(self, request, id):
        listing = _one(published().filter(uuid=parse_id(id)))
        return Response(mapping.service(listing))


class OrganizationListView(HsdsListView):
    """The organizations behind published services, one per listing."""

    extra_query_parameters = LISTING_EXTRAS | {"full_service"}

    @extend_schema(
        operation_id="getPaginatedListOfOrganizations",
        tags=[TAG],
        summary="Organizations",
        parameters=[*LISTING_FILTERS, FULL, FULL_SERVICE_PARAMETER, *PAGE],
        responses=list_responses(ORGANIZATION, "Organizations with their own fields."),
    )
    def get(self, request):
        filters = ListingFilters.from_request(request)
        rows = filters.apply(published())
        if filters.full:
            rows = mapping.for_records(rows)

            def to_record(listing):
                return mapping.organization(listing, full_services=filters.full_service)
        else:
            to_record = mapping.organization_summary
        if self.streaming():
            return self.stream(map(to_record, stream_rows(rows)))
        return self.page(
            lambda offset, limit: [
                to_record(listing) for listing in rows[offset : offset + limit]
            ],
            rows.count,
        )


class OrganizationDetailView(HsdsDetailView):
    """One organization with its locations and its service."""

    extra_query_parameters = {"full_service"}

    @extend_schema(
        operation_id="getOrganizationById",
        tags=[TAG],
        summary="An organization",
        parameters=[ID, FULL_SERVICE_PARAMETER],
        responses=detail_responses(
            FULL_ORGANIZATION,
            "The organization with its locations and its service.",
        ),
    )
    def get(self, request, id):
        errors: dict = {}
        full_service = _boolean_parameter(request.query_params, "full_service", errors)
        if errors:
            raise ValidationError(errors)
        listing_id = mapping.derived_id(parse_id(id), "organization")
        listing = _one(published().filter(uuid=listing_id))
        return Response(mapping.organization(listing, full_services=full_service))


def _one(listings) -> Listing:
    listing = mapping.for_records(listings).first()
    if listing is None:
        raise NotFound("No published record has this id.")
    return listing


class ServiceAtLocationListView(HsdsListView):
    """Each published service at each of its locations.

    A listing's sites are physical locations; telehealth is one virtual
    location. With ``postcode``, sites within ``proximity`` metres of the ZIP
    code's centre come first, nearest first, then telehealth services whose
    service areas include the ZIP code's state.
    """

    extra_query_parameters = LISTING_EXTRAS | {"postcode", "proximity"}

    @extend_schema(
        operation_id="getPaginatedListOfServiceAtLocation",
        tags=[TAG],
        summary="Services at locations",
        parameters=[
            *LISTING_FILTERS,
            OpenApiParameter(
                "postcode",
                {"type": "string", "pattern": "^[0-9]{5}$"},
                description="A US ZIP code: only sites within `proximity` of its "
                "centre, nearest first, and telehealth serving its state.",
            ),
            OpenApiParameter(
                "proximity",
                {"type": "number", "minimum": 1, "maximum": MAX_PROXIMITY_METRES},
                description="With `postcode`: the distance in metres, 1–"
                f"{MAX_PROXIMITY_METRES} (default {DEFAULT_PROXIMITY_METRES}).",
            ),
            FULL,
            *PAGE,
        ],
        responses=list_responses(
            SERVICE_AT_LOCATION,
            "Each service at a location, with the location and the service's "
            "own fields.",
        ),
    )
    def get(self, request):
        filters = ListingFilters.from_request(request)
        place, km = _proximity(request.query_params)
        rows = service_at_location_rows(filters.apply(published()), place, km)
        hydrate = ServiceAtLocations(full=filters.full)
        if self.streaming():
            return self.stream(
                record
                for batch in batched(stream_rows(rows), CHUNK_SIZE)
                for record in hydrate(batch)
            )
        return self.page(
            lambda offset, limit: hydrate(list(rows[offset : offset + limit])),
            rows.count,
        )


def _proximity(params) -> tuple[Place | None, float]:
    """The ZIP code's place and the distance in km; 400 when either is bad."""
    postcode, proximity = params.get("postcode"), params.get("proximity")
    errors = {}
    metres = DEFAULT_PROXIMITY_METRES
    if proximity is not None:
        try:
            metres = float(proximity)
        except ValueError:
            metres = math.nan
        if not 1 <= metres <= MAX_PROXIMITY_METRES:
            errors["proximity"] = [
                f"Must be a distance in metres from 1 to {MAX_PROXIMITY_METRES}."
            ]
        if postcode is None:
            errors["proximity"] = ["Give a postcode to measure from."]
    place = None
    if postcode is not None:
        zip_code = geo.parse_us_zip(postcode)
        place = Place.objects.lookup(zip_code) if zip_code else None
        if zip_code is None:
            errors["postcode"] = ["Must be a five-digit US ZIP code."]
        elif place is None:
            errors["postcode"] = [f"We do not know the ZIP code {zip_code}."]
    if errors:
        raise ValidationError(errors)
    return place, metres / 1000


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


class ServiceAtLocationDetailView(HsdsDetailView):
    """One published service at one of its locations, fully nested."""

    @extend_schema(
        operation_id="getServiceAtLocationWithNestedDataById",
        tags=[TAG],
        summary="A service at a location",
        parameters=[ID],
        responses=detail_responses(
            FULL_SERVICE_AT_LOCATION,
            "The service at the location, both nested in full.",
        ),
    )
    def get(self, request, id):
        location_id = mapping.derived_id(parse_id(id), "service_at_location")
        site = (
            Location.objects.filter(uuid=location_id, listing__in=published())
            .only("listing_id")
            .first()
        )
        if site is not None:
            listing = _one(published().filter(pk=site.listing_id))
            place = mapping.physical_location(
                listing,
                next(s for s in mapping.prefetched(listing, "locations") if s == site),
            )
        else:
            virtual_of = mapping.derived_id(location_id, "virtual_location")
            listing = _one(published().filter(uuid=virtual_of))
            if not mapping.offers_telehealth(listing):
                raise NotFound("No published record has this id.")
            place = mapping.virtual_location(listing)
        return Response(mapping.service_at_location(listing, place, full=True))


def taxonomy_terms() -> list[dict]:
    """Every term of the three taxonomies, in the directory's order."""
    terms = [mapping.taxonomy_term(term) for term in ServiceType.objects.in_order()]
    terms += [mapping.taxonomy_term(term) for term in Modality.objects.in_order()]
    return terms + mapping.credential_terms()


def _matches(record: dict, text: str, fields: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(folded in str(record.get(name, "")).casefold() for name in fields)


class SmallListView(HsdsListView):
    """A list small enough to build whole, then page or stream."""

    extra_query_parameters = LIST_EXTRAS
    # Taxonomies carry no modification time to filter on.
    refused_query_parameters = frozenset({"page_size", "modified_after"})

    def records(self, request) -> list[dict]:
        raise NotImplementedError

    def get(self, request):
        records = self.records(request)
        if self.streaming():
            return self.stream(records)
        return self.page(
            lambda offset, limit: records[offset : offset + limit],
            lambda: len(records),
        )


class TaxonomyListView(SmallListView):
    """The three taxonomies: service types, models, credentials."""

    @extend_schema(
        operation_id="getPaginatedListOfTaxonomies",
        tags=[TAG],
        summary="Taxonomies",
        parameters=[SEARCH, *PAGE],
        responses=list_responses(TAXONOMY, "The taxonomies terms come from."),
    )
    def get(self, request):
        return super().get(request)

    def records(self, request) -> list[dict]:
        text = text_search.normalise_query(request.query_params.get("search"))
        taxonomies = [mapping.taxonomy(info) for info in mapping.TAXONOMIES]
        return [
            record
            for record in taxonomies
            if not text or _matches(record, text, ("name", "description"))
        ]


class TaxonomyDetailView(HsdsDetailView):
    @extend_schema(
        operation_id="getTaxonomyById",
        tags=[TAG],
        summary="A taxonomy",
        parameters=[ID],
        responses=detail_responses(TAXONOMY, "The taxonomy."),
    )
    def get(self, request, id):
        wanted = parse_id(id)
        for info in mapping.TAXONOMIES:
            if info.id == wanted:
                return Response(mapping.taxonomy(info))
        raise NotFound("No taxonomy has this id.")


class TaxonomyTermListView(SmallListView):
    """Every term: service types, models and kinds of credential."""

    extra_query_parameters = LIST_EXTRAS | {"taxonomy_id", "top_only", "parent_id"}

    @extend_schema(
        operation_id="getPaginatedListOfTaxonomyTerms",
        tags=[TAG],
        summary="Taxonomy terms",
        parameters=[
            SEARCH,
            OpenApiParameter(
                "taxonomy_id",
                OpenApiTypes.UUID,
                description="Only the terms of this taxonomy.",
            ),
            OpenApiParameter(
                "top_only",
                OpenApiTypes.BOOL,
                description="Only top-level terms; every term is one here.",
            ),
            OpenApiParameter(
                "parent_id",
                OpenApiTypes.UUID,
                description="Only the children of this term; no term has any.",
            ),
            *PAGE,
        ],
        responses=list_responses(TAXONOMY_TERM, "Taxonomy terms."),
    )
    def get(self, request):
        return super().get(request)

    def records(self, request) -> list[dict]:
        params = request.query_params
        errors: dict = {}
        taxonomy = _uuid_parameter(params, "taxonomy_id", errors)
        parent = _uuid_parameter(params, "parent_id", errors)
        _boolean_parameter(params, "top_only", errors)  # all terms are top-level
        if errors:
            raise ValidationError(errors)
        if parent is not None:
            return []
        text = text_search.normalise_query(params.get("search"))
        return [
            term
            for term in taxonomy_terms()
            if (taxonomy is None or term["taxonomy_id"] == str(taxonomy))
            and (not text or _matches(term, text, ("name", "code", "description")))
        ]


class TaxonomyTermDetailView(HsdsDetailView):
    @extend_schema(
        operation_id="getTaxonomyTermById",
        tags=[TAG],
        summary="A taxonomy term",
        parameters=[ID],
        responses=detail_responses(TAXONOMY_TERM, "The term and its taxonomy."),
    )
    def get(self, request, id):
        wanted = parse_id(id)
        for kind in CredentialKind.values:
            if mapping.credential_term_id(kind) == wanted:
                return Response(mapping.credential_term(kind))
        term = (
            ServiceType.objects.filter(uuid=wanted).first()
            or Modality.objects.filter(uuid=wanted).first()
        )
        if term is None:
            raise NotFound("No taxonomy term has this id.")
        return Response(mapping.taxonomy_term(term))
