"""Email curators what in the library needs them. Meant for a weekly cron job.

Lists, in the site's language, published resources whose link is broken, that
visitors reported, that are due for review (12 months) and that have left
public lists (24 months). Sends nothing when all is well or when
``CURATOR_EMAILS`` is empty.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from imh_portal.mail import queue_email
from resources.models import Resource, ResourceReport

# A digest names this many resources per section, then says how many more.
LISTED_PER_SECTION = 30


def _section(title: str, resources) -> list[str]:
    rows = list(
        resources.order_by("last_reviewed_on", "title")[: LISTED_PER_SECTION + 1]
    )
    if not rows:
        return []
    lines = [f"{title}:"]
    for resource in rows[:LISTED_PER_SECTION]:
        checked = (
            resource.last_reviewed_on.isoformat() if resource.last_reviewed_on else "–"
        )
        lines.append(f"  - {resource.title} ({checked})")
    if len(rows) > LISTED_PER_SECTION:
        lines.append("  - " + _("and more: see the admin"))
    return [*lines, ""]


class Command(BaseCommand):
    help = (
        "Email CURATOR_EMAILS the resources needing attention: broken links, "
        "visitors' reports, reviews due (12 months) and resources hidden for "
        "want of review (24 months). Sends nothing when there is nothing."
    )

    def handle(self, *args, **options):
        if not settings.CURATOR_EMAILS:
            self.stdout.write("CURATOR_EMAILS is empty: no digest sent.")
            return
        with translation.override(settings.LANGUAGE_CODE):
            listed = Resource.objects.published_any_age()
            hidden = listed.exclude(pk__in=Resource.objects.published().values("pk"))
            reported = listed.filter(
                pk__in=ResourceReport.objects.open().values("resource_id")
            )
            body = [
                *_section(
                    _("Broken links"),
                    listed.filter(link_status=Resource.LinkStatus.BROKEN),
                ),
                *_section(_("Reported by visitors"), reported),
                *_section(
                    _("Hidden from lists and search: not reviewed for 24 months"),
                    hidden,
                ),
                *_section(
                    _("Due for review: not reviewed for 12 months"),
                    Resource.objects.review_due().exclude(pk__in=hidden.values("pk")),
                ),
            ]
            if not body:
                return
            queue_email(
                to=settings.CURATOR_EMAILS,
                subject=_("Library resources needing attention"),
                body="\n".join(
                    [
                        *body,
                        _("Open the queue: %(url)s")
                        % {
                            "url": settings.SITE_URL
                            + reverse("admin:resources_resource_changelist")
                            + "?queue=attention"
                        },
                    ]
                ),
            )
        self.stdout.write("Digest queued for " + ", ".join(settings.CURATOR_EMAILS))
