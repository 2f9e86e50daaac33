"""The roles API: each role's guidance, featured resources and provider types.

Like the role pages, it combines three apps, so it lives here, on top of them.
"""

from django.urls import reverse
from rest_framework import serializers, viewsets

from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType
from guidance.views import RoleQueries, guidance_by_kind
from imh_portal.api_base import PublicReadMixin, data_version
from imh_portal.api_schema import documented_reads
from resources.api import ResourceSummarySerializer
from resources.models import Resource
from roles.models import Role


class FeaturedResourceSerializer(serializers.ModelSerializer):
    resource = ResourceSummarySerializer(read_only=True)

    class Meta:
        model = FeaturedResource
        fields = ["position", "note", "resource"]


class ProviderTypeSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="service_type.slug")
    name = serializers.CharField(source="service_type.name")
    directory_url = serializers.SerializerMethodField()

    class Meta:
        model = RoleProviderType
        fields = ["slug", "name", "note", "directory_url"]

    def get_directory_url(self, link: RoleProviderType) -> str:
        path = f"{reverse('directory:list')}?service={link.service_type.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RoleSerializer(serializers.ModelSerializer):
    guidance = serializers.SerializerMethodField()
    featured_resources = FeaturedResourceSerializer(
        source="published_features", many=True, read_only=True
    )
    provider_types = ProviderTypeSerializer(many=True, read_only=True)
    related_roles = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Role
        fields = [
            "slug",
            "name",
            "i_am",
            "tagline",
            "summary",
            "position",
            "why_it_matters",
            "last_reviewed_on",
            "guidance",
            "featured_resources",
            "provider_types",
            "related_roles",
            "web_url",
        ]

    def get_guidance(self, role: Role) -> dict[str, list[str]]:
        grouped = guidance_by_kind(role)
        return {
            "actions": [item.text for item in grouped[GuidanceItem.Kind.ACTION]],
            "signs": [item.text for item in grouped[GuidanceItem.Kind.SIGN]],
            "where_to_turn": [
                item.text for item in grouped[GuidanceItem.Kind.WHERE_TO_TURN]
            ],
        }

    def get_related_roles(self, role: Role) -> list[str]:
        return [related.slug for related in role.published_related_roles]

    def get_web_url(self, role: Role) -> str:
        request = self.context.get("request")
        path = role.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@documented_reads(RoleSerializer)
class RoleViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """The stakeholder groups with published guidance, and what it says."""

    queryset = RoleQueries.with_guidance(Role.objects.published().in_order())
    serializer_class = RoleSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def last_modified(self, request):
        # The guidance lists resources, whose titles and summaries can change.
        return max(
            filter(None, [data_version(Role), data_version(Resource)]), default=None
        )
