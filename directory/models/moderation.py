"""Moderation's record: a listing's status changes, and visitors' reports that
it is wrong."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models.listings import Listing, ListingStatus


class ListingEvent(models.Model):
    """Who changed a listing's status, when, and why: the moderation record."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=16, choices=ListingStatus.choices)
    to_status = models.CharField(max_length=16, choices=ListingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status change")

    def __str__(self) -> str:
        return f"{self.listing}: {self.from_status} → {self.to_status}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("Waiting for a moderator")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ListingReport(models.Model):
    """A visitor's report that a listing's information is wrong."""

    Status = ReportStatus

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="reports"
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    reporter_email = models.EmailField(_("your email (optional)"), blank=True)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report of incorrect information")
        verbose_name_plural = _("reports of incorrect information")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Report on {self.listing}"
