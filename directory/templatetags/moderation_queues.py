from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.models import (
    Credential,
    Listing,
    ListingReport,
    ListingStatus,
    ReportStatus,
)
from imh_portal.queues import Queue, queue

register = template.Library()


@register.simple_tag(takes_context=True)
def listing_queues(context) -> list[Queue]:
    """The moderators' queues, for those who may see listings."""
    user = context["request"].user
    if not user.has_perm("directory.view_listing"):
        return []
    listings = reverse("admin:directory_listing_changelist")
    return [
        queue(
            _("New listings waiting"),
            Listing.objects.filter(status=ListingStatus.PENDING),
            since="updated_at",
            url=f"{listings}?queue=new",
        ),
        queue(
            _("Changes waiting"),
            Listing.objects.filter(status=ListingStatus.CHANGES_PENDING),
            since="updated_at",
            url=f"{listings}?queue=changes",
        ),
        queue(
            _("Open reports from visitors"),
            ListingReport.objects.filter(status=ReportStatus.NEW),
            since="created_at",
            url=f"{listings}?queue=reported",
        ),
        queue(
            _("Credentials to check"),
            Credential.objects.filter(verified_on__isnull=True),
            since=None,
            url=f"{listings}?queue=unverified",
        ),
    ]
