from rest_framework import serializers, viewsets

from roles.models import Role


class RoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["slug", "name", "i_am", "summary", "position"]


class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    """The thirteen stakeholder groups the portal speaks to."""

    queryset = Role.objects.in_order()
    serializer_class = RoleSerializer
    lookup_field = "slug"
    filter_backends: list = []
