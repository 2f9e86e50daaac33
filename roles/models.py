"""The thirteen stakeholder groups the portal speaks to, and their guidance."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RoleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RoleQuerySet(models.QuerySet):
    def in_order(self):
        """Roles in the order the site lists them, families first."""
        return self.order_by("position", "name")

    def published(self):
        """Roles whose guidance page visitors may see."""
        return self.filter(status=RoleStatus.PUBLISHED)


class Role(models.Model):
    """A group of people around a baby: parents, home visitors, employers and so on.

    Its guidance page says why infant mental health concerns the group and what
    they can do. Its texts are kept in English and Spanish (see translation.py).
    """

    Status = RoleStatus

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    i_am = models.CharField(
        _('"I am…" label'),
        max_length=80,
        help_text=_(
            'Completes "I am…" on the home page, e.g. "a parent or caregiver".'
        ),
    )
    tagline = models.CharField(
        _("one-line summary"),
        max_length=160,
        blank=True,
        help_text=_("Shown beside the role in the list of all roles."),
    )
    summary = models.TextField(_("summary"), help_text=_("One paragraph, plain text."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    why_it_matters = models.TextField(
        _("why it matters to this group"),
        blank=True,
        help_text=_("A short paragraph. Markdown."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RoleStatus.choices,
        default=RoleStatus.DRAFT,
        help_text=_("Only a published role has a guidance page."),
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    related_roles = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("related roles")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("role")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RoleStatus.values), name="role_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("guidance:role-detail", kwargs={"slug": self.slug})
