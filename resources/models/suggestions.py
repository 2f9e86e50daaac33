"""Resources visitors propose, waiting for a curator."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from imh_portal.fields import WebAddressField
from resources.models.resources import Resource


class SuggestionQuerySet(models.QuerySet):
    def waiting(self):
        """Suggestions nobody has handled yet, oldest first."""
        return self.filter(status=ResourceSuggestion.Status.NEW).order_by("created_at")


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted as a draft")
    DECLINED = "declined", _("Declined")


class ResourceSuggestion(models.Model):
    """A resource a visitor proposed; it waits for a curator, never self-publishes."""

    Status = SuggestionStatus

    title = models.CharField(_("title"), max_length=200)
    url = WebAddressField(_("link"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Resource.Kind.choices, blank=True
    )
    why = models.TextField(_("why it helps"), max_length=2000)
    submitter_name = models.CharField(_("your name"), max_length=120, blank=True)
    submitter_email = models.EmailField(_("your email"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("draft created from it"),
    )
    reviewed_by = models.ForeignKey(
        "imh_portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resource suggestion")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values),
                name="suggestion_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="new") | Q(reviewed_at__isnull=False),
                name="suggestion_reviewed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title
