"""The terms listings are filed under (service types, models and modalities),
and the kinds of provider each role works with."""

from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Role


class TaxonomyQuerySet(models.QuerySet):
    def in_order(self):
        """Terms in the order the directory lists them."""
        return self.order_by("position", "name")


class Taxonomy(models.Model):
    """A term families and providers filter by; edited by moderators."""

    # Stable public identifier, e.g. for Open Referral HSDS taxonomy terms.
    uuid = models.UUIDField(db_default=RandomUUID(), unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceType(Taxonomy):
    """What a provider offers: IECMH consultation, home visiting, dyadic therapy…"""

    class Meta(Taxonomy.Meta):
        verbose_name = _("service type")


class Modality(Taxonomy):
    """A named model or modality: Child-Parent Psychotherapy, PCIT, FAN…"""

    class Meta(Taxonomy.Meta):
        verbose_name = _("model or modality")
        verbose_name_plural = _("models and modalities")


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
        ordering = ["position", "pk"]
        verbose_name = _("provider type for a role")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "service_type"], name="role_provider_type_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.service_type}"
