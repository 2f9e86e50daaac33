"""Writes with side effects in the library: suggestions in and out of the queue."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from imh_portal.mail import queue_email
from resources.models import Resource, ResourceSuggestion


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
