"""The directory as an Open Referral HSDS 3.0 API, under ``/api/hsds/``.

Only what the public may see (``Listing.objects.published()``) is published.
Lists are HSDS pages (``page`` from 1, ``per_page`` up to 100) or, with
``format=ndjson``, every matching record streamed one per line. Filters are
cumulative. Every view is a public read: unknown parameters answer 400, and
responses carry ETag and Last-Modified.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from directory.hsds import mapping
from directory.hsds.base import HsdsDetailView, HsdsListView, HsdsView, batched
from directory.hsds.parameters import (
    LISTING_EXTRAS,
    ListingFilters,
    boolean_parameter,
    minimal_parameter,
    parse_id,
    proximity_parameters,
)
from directory.hsds.queries import (
    ServiceAtLocations,
    published,
    service_at_location_rows,
)
from directory.hsds.schema import (
    DEFAULT_PROXIMITY_METRES,
    FULL,
    FULL_ORGANIZATION,
    FULL_SERVICE,
    FULL_SERVICE_AT_LOCATION,
    FULL_SERVICE_PARAMETER,
    ID,
    LISTING_FILTERS,
    MAX_MINIMAL_PER_PAGE,
    MAX_PROXIMITY_METRES,
    MINIMAL,
    ORGANIZATION,
    PAGE,
    SERVICE_AT_LOCATION,
    SERVICE_OR_MINIMAL,
    TAG,
    detail_responses,
    list_responses,
)
from directory.models import Listing, Location
from imh_portal.api_schema import ERRORS, NOT_MODIFIED
from imh_portal.exports import CHUNK_SIZE, stream_rows


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
        full_service = boolean_parameter(request.query_params, "full_service", errors)
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
        place, km = proximity_parameters(request.query_params)
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
