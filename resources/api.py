from django.conf import settings
from rest_framework import serializers, viewsets

from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.api_lists import FacetedListMixin
from imh_portal.api_schema import documented_reads
from resources.api_docs import RESOURCE_EXAMPLE, RESOURCE_PARAMETERS
from resources.filters import ResourceFilterSet
from resources.models import Collection, CollectionItem, Resource, Topic
from resources.search import search_library


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class ResourceSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    audiences = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "slug",
            "title",
            "kind",
            "summary",
            "spanish_summary",
            "description",
            "url",
            "publisher",
            "authors",
            "published_year",
            "isbn",
            "topics",
            "audiences",
            "age_bands",
            "languages",
            "cost",
            "region",
            "last_reviewed_on",
            "published_at",
            "updated_at",
            "link_status",
            "link_checked_at",
            "web_url",
        ]

    def get_web_url(self, resource: Resource) -> str:
        request = self.context.get("request")
        path = resource.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ResourceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = ["slug", "title", "kind", "summary", "url"]


class CollectionItemSerializer(serializers.ModelSerializer):
    resource = ResourceSummarySerializer(read_only=True)

    class Meta:
        model = CollectionItem
        fields = ["position", "note", "resource"]


class CollectionSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Collection
        fields = ["slug", "title", "introduction", "is_featured", "updated_at", "items"]

    def get_items(self, collection: Collection) -> list[dict]:
        return CollectionItemSerializer(collection.visible_items, many=True).data


@documented_reads(
    ResourceSerializer,
    parameters=RESOURCE_PARAMETERS,
    example=RESOURCE_EXAMPLE,
    faceted=True,
)
class ResourceViewSet(FacetedListMixin, viewsets.ReadOnlyModelViewSet):
    """Published resources. Every facet of the library page is a query parameter."""

    queryset = Resource.objects.published().with_related()
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilterSet
    lookup_field = "slug"
    tombstone_kind = "resource"

    def list_queryset(self):
        return Resource.objects.published()

    def filterset_options(self) -> dict:
        # A search breaks ties as the English page does, English first, so
        # partners and the embed list what the library page lists.
        return {"prefer_language": settings.LANGUAGE_CODE}

    def search(self, filterset, **options):
        language = getattr(self.request, "LANGUAGE_CODE", "en")
        return search_library(filterset, language=language, **options)

    def finish_page(self, rows, filterset):
        return rows.with_related()


@documented_reads(TopicSerializer)
class TopicViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """The topics resources are filed under."""

    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def last_modified(self, request):
        return data_version(Topic)


@documented_reads(CollectionSerializer)
class CollectionViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """Curated, ordered reading lists, each item with a note."""

    queryset = Collection.objects.published().with_visible_items()
    serializer_class = CollectionSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def last_modified(self, request):
        # A collection shows its resources' titles and summaries too.
        return max(
            filter(None, [data_version(Collection), data_version(Resource)]),
            default=None,
        )
