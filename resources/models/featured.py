"""Resources curators recommend to a role."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from resources.models.resources import Resource, ResourceStatus
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
        ordering = ["position", "pk"]
        verbose_name = _("featured resource")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "resource"], name="featured_resource_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.resource}"
