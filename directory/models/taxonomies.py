"""The terms listings are filed under (service types, models and modalities),
and the kinds of provider each role works with."""

from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.utils.translation import gettext_lazy as _


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
