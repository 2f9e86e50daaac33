"""The subjects resources are filed under."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A subject resources are filed under, such as sleep or reflective practice."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resources:list") + f"?topic={self.slug}"
