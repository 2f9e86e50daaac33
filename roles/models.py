"""The thirteen stakeholder groups the portal speaks to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleQuerySet(models.QuerySet):
    def in_order(self):
        """Roles in the order the site lists them, families first."""
        return self.order_by("position", "name")


class Role(models.Model):
    """A group of people around a baby: parents, home visitors, employers and so on."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    i_am = models.CharField(
        _('"I am…" label'),
        max_length=80,
        help_text=_(
            'Completes "I am…" on the home page, e.g. "a parent or caregiver".'
        ),
    )
    summary = models.TextField(_("summary"), help_text=_("One paragraph, plain text."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("role")

    def __str__(self) -> str:
        return self.name
