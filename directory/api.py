from django.core.exceptions import ValidationError as ModelValidationError
from django.http import QueryDict
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory import services
from directory.api_docs import LISTING_EXAMPLE, LISTING_PARAMETERS
from directory.filters import ListingFilterSet
from directory.forms import ListingInput, validation_messages
from directory.models import (
    Accepting,
    Credential,
    Listing,
    ListingKind,
    Location,
    Modality,
    ServiceType,
)
from directory.search import search_directory
from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.api_lists import FacetedListMixin
from imh_portal.api_schema import (
    ERRORS,
    documented_reads,
)


class OptionalEmailField(serializers.EmailField):
    """An address the provider may leave out: null rather than "" when empty."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, required=False, **kwargs)

    def to_representation(self, value):
        return value or None


class OptionalURLField(serializers.URLField):
    """A web address the provider may leave out: null rather than ""."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, required=False, **kwargs)

    def to_representation(self, value):
        return value or None


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()


class LocationSerializer(serializers.ModelSerializer):
    address = serializers.SerializerMethodField()

    class Meta:
        model = Location
        fields = [
            "id",
            "label",
            "address",
            "city",
            "region",
            "postal_code",
            "country",
            "latitude",
            "longitude",
        ]

    def get_address(self, location: Location) -> str:
        return location.address if location.show_address else ""


class CredentialSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Credential
        fields = ["kind", "label", "issued_by", "year", "verified_on"]


class ListingSerializer(serializers.ModelSerializer):
    service_types = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    modalities = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    locations = LocationSerializer(many=True, read_only=True)
    credentials = CredentialSerializer(many=True, read_only=True)
    distance_km = serializers.SerializerMethodField()
    is_stale = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    public_email = OptionalEmailField()
    website = OptionalURLField()

    class Meta:
        model = Listing
        fields = [
            "slug",
            "name",
            "kind",
            "qualifications",
            "organization",
            "bio",
            "service_types",
            "modalities",
            "age_bands",
            "languages",
            "delivery",
            "payment",
            "telehealth_regions",
            "accepting",
            "accepting_updated_on",
            "phone",
            "public_email",
            "website",
            "locations",
            "credentials",
            "is_sample",
            "verified_on",
            "confirmed_on",
            "is_stale",
            "distance_km",
            "web_url",
        ]

    def get_distance_km(self, listing: Listing) -> float | None:
        distance = getattr(listing, "distance_km", None)
        return None if distance is None else round(distance, 2)

    def get_is_stale(self, listing: Listing) -> bool:
        return listing.is_stale()

    def get_web_url(self, listing: Listing) -> str:
        request = self.context.get("request")
        path = listing.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@documented_reads(
    ListingSerializer,
    parameters=LISTING_PARAMETERS,
    example=LISTING_EXAMPLE,
    faceted=True,
)
class ListingViewSet(FacetedListMixin, viewsets.ReadOnlyModelViewSet):
    """Published listings. Every filter of the directory page is a query
    parameter, with ``near`` (a ZIP code or city), ``radius`` and ``unit``."""

    queryset = Listing.objects.published().with_related()
    serializer_class = ListingSerializer
    lookup_field = "slug"

    filterset_class = ListingFilterSet
    tombstone_kind = "listing"

    def list_queryset(self):
        return Listing.objects.published()

    def search(self, filterset, **options):
        return search_directory(filterset, **options)

    def finish_page(self, rows, filterset):
        if filterset.place:
            rows = rows.with_distance(filterset.place.point)
        return rows.with_related()


@documented_reads(TermSerializer)
class ServiceTypeViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """The kinds of service providers offer; ``service`` filters listings by them."""

    queryset = ServiceType.objects.in_order()
    serializer_class = TermSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def last_modified(self, request):
        return data_version(ServiceType)


@documented_reads(TermSerializer)
class ModalityViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """Named models and approaches; ``model`` filters listings by them."""

    queryset = Modality.objects.in_order()
    serializer_class = TermSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def last_modified(self, request):
        return data_version(Modality)


class OwnListingSerializer(ListingSerializer):
    class Meta(ListingSerializer.Meta):
        fields = ["id", "status", "pending_changes", *ListingSerializer.Meta.fields]


class LocationInputSerializer(serializers.Serializer):
    """One site, as a provider sends it (documentation of the request body)."""

    id = serializers.IntegerField(
        required=False, help_text="An existing location's id, to edit it in place."
    )
    label = serializers.CharField(required=False, max_length=120)
    address = serializers.CharField(required=False, max_length=200)
    city = serializers.CharField(max_length=120)
    region = serializers.CharField(help_text="ISO 3166-2, e.g. US-WA or CA-BC.")
    postal_code = serializers.CharField(max_length=10)
    show_address = serializers.BooleanField(required=False, default=True)


class ListingInputSerializer(serializers.Serializer):
    """A whole listing, as the listing form takes it (documentation only)."""

    kind = serializers.ChoiceField(choices=ListingKind.choices)
    name = serializers.CharField(max_length=160)
    qualifications = serializers.CharField(required=False, max_length=200)
    organization = serializers.CharField(required=False, max_length=200)
    bio = serializers.CharField(required=False, max_length=5000)
    service_types = serializers.ListField(child=serializers.SlugField(), required=False)
    modalities = serializers.ListField(child=serializers.SlugField(), required=False)
    age_bands = serializers.ListField(child=serializers.CharField(), required=False)
    languages = serializers.ListField(child=serializers.CharField())
    delivery = serializers.ListField(child=serializers.CharField())
    telehealth_regions = serializers.ListField(
        child=serializers.CharField(), required=False
    )
    payment = serializers.ListField(child=serializers.CharField(), required=False)
    accepting = serializers.ChoiceField(choices=Accepting.choices)
    phone = serializers.CharField(required=False, max_length=30)
    public_email = serializers.EmailField(required=False)
    website = serializers.URLField(required=False)
    locations = LocationInputSerializer(many=True, required=False)


OWN_LISTING_ERRORS = {code: ERRORS[code] for code in (400, 401, 404, 429)} | {
    403: OpenApiResponse(description="Not logged in, or the CSRF token is missing.")
}


@extend_schema_view(
    create=extend_schema(
        request=ListingInputSerializer,
        responses={201: OwnListingSerializer, **OWN_LISTING_ERRORS},
    ),
    update=extend_schema(
        request=ListingInputSerializer,
        responses={200: OwnListingSerializer, **OWN_LISTING_ERRORS},
    ),
    list=extend_schema(responses={200: OwnListingSerializer, **OWN_LISTING_ERRORS}),
    retrieve=extend_schema(responses={200: OwnListingSerializer, **OWN_LISTING_ERRORS}),
    submit=extend_schema(
        request=None, responses={200: OwnListingSerializer, **OWN_LISTING_ERRORS}
    ),
    withdraw=extend_schema(
        request=None, responses={200: OwnListingSerializer, **OWN_LISTING_ERRORS}
    ),
    confirm=extend_schema(
        request=None, responses={200: OwnListingSerializer, **OWN_LISTING_ERRORS}
    ),
)
class MyListingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The logged-in provider's own listings: create, update, submit, withdraw.

    Bodies use the fields of the listing form; a published listing's update
    waits for a moderator. Anyone else's listing answers 404.
    """

    serializer_class = OwnListingSerializer
    authentication_classes = [SessionAuthentication, TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return Listing.objects.owned_by(self.request.user).with_related()

    def _valid_submission(self, request) -> ListingInput:
        listing_input = _listing_input(request.data)
        if not listing_input.is_valid():
            raise ValidationError(listing_input.errors)
        return listing_input

    def create(self, request, *args, **kwargs):
        listing_input = self._valid_submission(request)
        try:
            listing = services.create_listing(
                owner=request.user, changes=listing_input.to_changes()
            )
        except ModelValidationError as error:
            raise ValidationError(validation_messages(error)) from error
        return Response(
            self.get_serializer(listing).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        listing = self.get_object()
        listing_input = self._valid_submission(request)
        try:
            listing = services.update_listing(
                listing=listing, editor=request.user, changes=listing_input.to_changes()
            )
        except ModelValidationError as error:
            raise ValidationError(validation_messages(error)) from error
        return Response(self.get_serializer(listing).data)

    # A listing is always sent whole, as by the form.
    http_method_names = ["get", "post", "put", "head", "options"]

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._run(services.submit_listing)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(services.withdraw_listing)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._run(services.confirm_listing)

    def _run(self, service):
        listing = self.get_object()
        try:
            listing = service(listing=listing, editor=self.request.user)
        except ModelValidationError as error:
            raise ValidationError(validation_messages(error)) from error
        listing.refresh_from_db()
        return Response(self.get_serializer(listing).data)


def _listing_input(data) -> ListingInput:
    """The body as the listing's input: form-encoded as the page posts it, or a
    JSON object with ``locations`` as a list (``show_address`` defaults to
    true, as the form's box starts ticked)."""
    if isinstance(data, QueryDict):
        return ListingInput(data)
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": ["Send a JSON object."]})
    locations = data.get("locations") or []
    if not isinstance(locations, list) or not all(
        isinstance(item, dict) for item in locations
    ):
        raise ValidationError({"locations": ["Send a list of location objects."]})
    return ListingInput.from_structured(
        {name: value for name, value in data.items() if name != "locations"},
        [{"show_address": True, **location} for location in locations],
    )
