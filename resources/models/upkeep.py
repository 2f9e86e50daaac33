"""Keeping the library true: when a resource is due for review, who reviewed
it, and what visitors report about it."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A resource unreviewed this long is flagged to curators...
REVIEW_DUE_MONTHS = 12
# ...and this long leaves public lists and search until reviewed again.
RETIRE_MONTHS = 24


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` earlier (the last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reviewed_since(cutoff: datetime.date, prefix: str = "") -> Q:
    """Reviewed on or after ``cutoff``; one never reviewed counts from when it
    was first published."""
    return Q(**{f"{prefix}last_reviewed_on__gte": cutoff}) | Q(
        **{
            f"{prefix}last_reviewed_on__isnull": True,
            f"{prefix}published_at__date__gte": cutoff,
        }
    )


def visible(prefix: str = "", *, today: datetime.date | None = None) -> Q:
    """Published and reviewed within ``RETIRE_MONTHS``: what visitors may find.

    ``prefix`` reaches a resource through a relation (``"resource__"``).
    """
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": "published"}) & reviewed_since(
        months_before(today, RETIRE_MONTHS), prefix
    )


class ResourceReview(models.Model):
    """One curator's review of a resource: that it is still accurate, safe and
    working, on a day, by a named person or role."""

    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    reviewer = models.CharField(
        _("reviewed by"),
        max_length=120,
        help_text=_("A name or a role, as visitors may see it on the About page."),
    )
    reviewed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("review")
        indexes = [
            models.Index(fields=["resource", "-reviewed_on"], name="review_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reviewer=""), name="review_names_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} – {self.reviewed_on:%Y-%m-%d} – {self.reviewer}"


class ResourceReportReason(models.TextChoices):
    WRONG_LINK = "wrong_link", _("The link is wrong or does not open")
    OUT_OF_DATE = "out_of_date", _("The information is out of date")
    HARMFUL = "harmful", _("It could be harmful or unsafe")
    OTHER = "other", _("Something else")


class ResourceReportStatus(models.TextChoices):
    NEW = "new", _("Waiting for a curator")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ResourceReportQuerySet(models.QuerySet):
    def open(self):
        """Reports no curator has acted on yet."""
        return self.filter(status=ResourceReportStatus.NEW)


class ResourceReport(models.Model):
    """A visitor's report of a problem with a resource; it changes nothing
    public until a curator acts on it."""

    Reason = ResourceReportReason
    Status = ResourceReportStatus

    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(
        _("what is wrong"), max_length=16, choices=ResourceReportReason.choices
    )
    details = models.TextField(_("details"), max_length=2000, blank=True)
    reporter_email = models.EmailField(_("your email"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResourceReportStatus.choices,
        default=ResourceReportStatus.NEW,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = ResourceReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report about a resource")
        verbose_name_plural = _("reports about resources")
        indexes = [
            models.Index(
                fields=["resource"],
                condition=Q(status="new"),
                name="resource_report_open",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=ResourceReportReason.values),
                name="resource_report_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResourceReportStatus.values),
                name="resource_report_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.resource}"
