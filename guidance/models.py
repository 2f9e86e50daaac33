"""What a role's guidance page holds beside the role itself: its guidance items,
the resources curators feature for it and the kinds of provider it points to."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models import ServiceType
from resources.models import Resource, visible
from roles.models import Role


class FeaturedResourceQuerySet(models.QuerySet):
    def published(self):
        """Features whose resource visitors may find, in the curators' order."""
        return (
            self.filter(visible("resource__"))
            .select_related("resource")
            .defer("resource__search_vector")
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


class GuidanceKind(models.TextChoices):
    ACTION = "action", _("Something you can do")
    SIGN = "sign", _("A sign a family may need more support")
    WHERE_TO_TURN = "where_to_turn", _("Where to turn")


class GuidanceItem(models.Model):
    """One line of a role's guidance: an action, a sign to notice, where to turn."""

    Kind = GuidanceKind

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="guidance")
    kind = models.CharField(_("kind"), max_length=16, choices=GuidanceKind.choices)
    text = models.TextField(
        _("text"), max_length=1000, help_text=_("One or two sentences. Markdown.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        # The table keeps the name it had in the roles app it came from.
        db_table = "roles_guidanceitem"
        ordering = ["kind", "position", "pk"]
        verbose_name = _("guidance item")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GuidanceKind.values),
                name="guidance_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.get_kind_display()}"
