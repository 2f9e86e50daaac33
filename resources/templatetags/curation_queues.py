from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from imh_portal.models import FailedSearch
from imh_portal.queues import Queue, queue
from resources.models import Resource, ResourceSuggestion

register = template.Library()


@register.simple_tag(takes_context=True)
def library_queues(context) -> list[Queue]:
    """The curators' queues, each for those who may see its items."""
    user = context["request"].user
    queues = []
    if user.has_perm("resources.view_resourcesuggestion"):
        queues.append(
            queue(
                _("Suggestions from visitors"),
                ResourceSuggestion.objects.waiting(),
                since="created_at",
                url=reverse("admin:resources_resourcesuggestion_changelist")
                + "?status__exact=new",
            )
        )
    if user.has_perm("resources.view_resource"):
        resources = reverse("admin:resources_resource_changelist")
        queues += [
            queue(
                _("Resources in review"),
                Resource.objects.filter(status=Resource.Status.IN_REVIEW),
                since="updated_at",
                url=f"{resources}?status__exact=in_review",
            ),
            queue(
                _("Published resources with a broken link"),
                Resource.objects.published().filter(
                    link_status=Resource.LinkStatus.BROKEN
                ),
                since="link_checked_at",
                url=f"{resources}?link_status__exact=broken",
            ),
        ]
    if user.has_perm("imh_portal.view_failedsearch"):
        queues.append(
            queue(
                _("Searches that found nothing or only part"),
                FailedSearch.objects.all(),
                since=None,
                url=reverse("admin:imh_portal_failedsearch_changelist"),
            )
        )
    return queues
