"""Writes with side effects in the library: suggestions and visitors' reports in
and out of the queue, and curators' reviews."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from imh_portal.mail import queue_email
from resources.models import (
    Resource,
    ResourceReport,
    ResourceReview,
    ResourceSuggestion,
)


@transaction.atomic
def submit_suggestion(
    *,
    title: str,
    url: str,
    why: str,
    kind: str = "",
    submitter_name: str = "",
    submitter_email: str = "",
) -> ResourceSuggestion:
    """Queue a visitor's suggestion for curators; it publishes nothing."""
    suggestion = ResourceSuggestion(
        title=title,
        url=url,
        why=why,
        kind=kind,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
    )
    suggestion.full_clean()
    suggestion.save()
    if settings.CURATOR_EMAILS:
        _tell_curators(suggestion)
    return suggestion


def _tell_curators(suggestion: ResourceSuggestion) -> None:
    # Curators read the site's own language, whatever the visitor's was.
    with translation.override(settings.LANGUAGE_CODE):
        queue_email(
            to=settings.CURATOR_EMAILS,
            subject=_("New resource suggestion: %(title)s")
            % {"title": suggestion.title},
            body=(
                f"{suggestion.title}\n{suggestion.url}\n\n{suggestion.why}\n\n"
                + _("Review it in the admin under Resource suggestions.")
            ),
        )


@transaction.atomic
def accept_suggestion(*, suggestion: ResourceSuggestion, curator) -> Resource:
    """Turn a waiting suggestion into a draft resource for a curator to finish."""
    suggestion = ResourceSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != ResourceSuggestion.Status.NEW:
        raise ValueError("Only waiting suggestions can be accepted.")
    resource = Resource(
        title=suggestion.title,
        slug=_unique_slug(suggestion.title),
        kind=suggestion.kind or Resource.Kind.WEBSITE,
        summary=suggestion.why[:500],
        url=suggestion.url,
        cost=Resource.Cost.VARIES,
        languages=["en"],
        status=Resource.Status.DRAFT,
    )
    resource.full_clean()
    resource.save()
    suggestion.status = ResourceSuggestion.Status.ACCEPTED
    suggestion.resource = resource
    suggestion.reviewed_by = curator
    suggestion.reviewed_at = timezone.now()
    suggestion.full_clean()
    suggestion.save()
    return resource


@transaction.atomic
def decline_suggestion(*, suggestion: ResourceSuggestion, curator) -> None:
    """Close a waiting suggestion without creating anything."""
    updated = ResourceSuggestion.objects.filter(
        pk=suggestion.pk, status=ResourceSuggestion.Status.NEW
    ).update(
        status=ResourceSuggestion.Status.DECLINED,
        reviewed_by=curator,
        reviewed_at=timezone.now(),
    )
    if not updated:
        raise ValueError("Only waiting suggestions can be declined.")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "resource"
    slug, number = base, 2
    while Resource.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def report_problem(
    *,
    resource: Resource,
    reason: str,
    details: str = "",
    reporter_email: str = "",
) -> ResourceReport:
    """Queue a visitor's report for curators; nothing public changes."""
    report = ResourceReport(
        resource=resource,
        reason=reason,
        details=details,
        reporter_email=reporter_email,
    )
    report.full_clean()
    report.save()
    if settings.CURATOR_EMAILS:
        transaction.on_commit(lambda: _tell_curators_of_report(report))
    return report


def _tell_curators_of_report(report: ResourceReport) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        queue_email(
            to=settings.CURATOR_EMAILS,
            subject=_("Problem reported: %(title)s") % {"title": report.resource.title},
            body=(
                f"{report.resource.title}\n{report.resource.url}\n\n"
                f"{report.get_reason_display()}\n{report.details}\n\n"
                + _("See it in the admin under Reports about resources.")
            ),
        )


@transaction.atomic
def close_report(*, report: ResourceReport, curator, resolved: bool) -> None:
    """Mark a waiting report resolved (acted on) or dismissed."""
    updated = ResourceReport.objects.filter(
        pk=report.pk, status=ResourceReport.Status.NEW
    ).update(
        status=ResourceReport.Status.RESOLVED
        if resolved
        else ResourceReport.Status.DISMISSED,
        handled_by=curator,
        handled_at=timezone.now(),
    )
    if not updated:
        raise ValueError("Only waiting reports can be closed.")


@transaction.atomic
def record_review(
    *,
    resource: Resource,
    reviewer: str,
    user=None,
    reviewed_on: datetime.date | None = None,
    note: str = "",
) -> ResourceReview:
    """Record that ``reviewer`` (a name or role) checked ``resource``; its
    "Checked" date moves forward, and a resource over two years old returns
    to lists and search."""
    review = ResourceReview(
        resource=resource,
        reviewer=reviewer,
        reviewed_by_user=user,
        reviewed_on=reviewed_on or timezone.localdate(),
        note=note,
    )
    review.full_clean()
    review.save()
    Resource.objects.filter(pk=resource.pk).filter(
        Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=review.reviewed_on)
    ).update(last_reviewed_on=review.reviewed_on, updated_at=Now())
    return review


def reviewer_name(user) -> str:
    """How a curator's review is signed: their full name, else their role."""
    return user.get_full_name() or _("Library curator")
