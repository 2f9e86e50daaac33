"""What a role's guidance page adds from the other apps: the resources curators
feature for the role and the kinds of provider it points to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import ServiceType
from resources.models import Resource, ResourceStatus
from roles.models import Role


class FeaturedResourceQuerySet(models.QuerySet):
    def published(self):
        """Features whose resource is published, in the curators' order."""
        return (
            self.filter(resource__status=ResourceStatus.PUBLISHED)
            .select_related("resource")
            .order_by("position", "pk")
        )


class FeaturedResource(models.Model):
    """A resource curators recommend to one role, in order, with a note why."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="featured_resources"
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="featured_for"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=600)

    objects = FeaturedResourceQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had in the library app it came from.
        db_table = "resources_featuredresource"
        ordering = ["position", "pk"]
        verbose_name = _("featured resource")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "resource"], name="featured_resource_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.resource}"


class RoleProviderType(models.Model):
    """A kind of provider a role most often works with or refers families to."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="provider_types"
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.CASCADE, related_name="role_links"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=600)

    class Meta:
        # The table keeps the name it had in the directory app it came from.
        db_table = "directory_roleprovidertype"
        ordering = ["position", "pk"]
        verbose_name = _("provider type for a role")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "service_type"], name="role_provider_type_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.service_type}"
