"""The admin front page's queues: the moderators' (listings) and the curators'
(the library and search), each for those who may open its items."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.models import (
    Credential,
    Listing,
    ListingReport,
    ListingStatus,
    Modality,
    ReportStatus,
    ServiceType,
)
from imh_portal.admin_translation import missing_spanish
from imh_portal.models import FailedSearch, HelpLine
from imh_portal.queues import Queue, queue
from resources.models import (
    Collection,
    Resource,
    ResourceReport,
    ResourceSuggestion,
    Topic,
)
from roles.models import Role

register = template.Library()

# The curated texts families read in both languages, by the right to edit them.
TRANSLATED_MODELS = [
    (Role, "roles.change_role"),
    (Topic, "resources.change_topic"),
    (Collection, "resources.change_collection"),
    (ServiceType, "directory.change_servicetype"),
    (Modality, "directory.change_modality"),
    (HelpLine, "imh_portal.change_helpline"),
]


@register.simple_tag(takes_context=True)
def translation_queues(context) -> list[Queue]:
    """Curated texts still without their Spanish version, by kind. (A role's
    guidance items and a collection's notes are edited on its page.)"""
    user = context["request"].user
    queues = []
    for model, permission in TRANSLATED_MODELS:
        if not user.has_perm(permission):
            continue
        opts = model._meta
        queues.append(
            queue(
                _("Without Spanish: %(kind)s") % {"kind": opts.verbose_name_plural},
                model.objects.filter(missing_spanish(model)),
                since=None,
                url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                + "?spanish=missing",
            )
        )
    return queues


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
                _("Resources needing attention (broken, review due or reported)"),
                Resource.objects.needing_attention(),
                since="last_reviewed_on",
                url=f"{resources}?queue=attention",
            ),
            queue(
                _("Published resources with a broken link"),
                Resource.objects.published_any_age().filter(
                    link_status=Resource.LinkStatus.BROKEN
                ),
                since="link_checked_at",
                url=f"{resources}?queue=broken",
            ),
            queue(
                _("Resources due for review (12 months)"),
                Resource.objects.review_due(),
                since="last_reviewed_on",
                url=f"{resources}?queue=review_due",
            ),
        ]
    if user.has_perm("resources.view_resourcereport"):
        queues.append(
            queue(
                _("Problems reported with resources"),
                ResourceReport.objects.open(),
                since="created_at",
                url=reverse("admin:resources_resourcereport_changelist")
                + "?status__exact=new",
            )
        )
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
