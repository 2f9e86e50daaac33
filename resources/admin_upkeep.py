"""The curators' side of keeping the library true: the combined queue of
resources needing attention, reviews signed by name or role, visitors' reports,
a link checked on request, and each summary's reading grade."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imh_portal.readability import PLAIN_GRADE, reading_grade
from resources import services
from resources.links import Outcome, check_now
from resources.models import Resource, ResourceReport, ResourceReview

# Checking links waits on other servers; a curator's request checks a few.
MAX_LINKS_CHECKED_AT_ONCE = 10


class NeedsAttentionFilter(admin.SimpleListFilter):
    """The curators' queue: broken links, reviews due and visitors' reports,
    together or one kind at a time."""

    title = _("needs attention")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("attention", _("Anything (broken, review due or reported)")),
            ("broken", _("Broken link")),
            ("review_due", _("Review due (12 months)")),
            ("hidden", _("Hidden: not reviewed for 24 months")),
            ("reported", _("Reported by a visitor")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "attention":
            return queryset.filter(
                pk__in=Resource.objects.needing_attention().values("pk")
            )
        if value == "broken":
            return queryset.filter(
                status=Resource.Status.PUBLISHED,
                link_status=Resource.LinkStatus.BROKEN,
            )
        if value == "review_due":
            return queryset.filter(pk__in=Resource.objects.review_due().values("pk"))
        if value == "hidden":
            return queryset.filter(
                pk__in=Resource.objects.published_any_age()
                .exclude(pk__in=Resource.objects.published().values("pk"))
                .values("pk")
            )
        if value == "reported":
            return queryset.filter(reports__status=ResourceReport.Status.NEW).distinct()
        return queryset


class ResourceReviewInline(admin.TabularInline):
    model = ResourceReview
    extra = 0
    fields = ["reviewed_on", "reviewer", "note", "reviewed_by_user"]
    readonly_fields = ["reviewed_by_user"]
    ordering = ["-reviewed_on", "-pk"]
    verbose_name_plural = _("reviews (record one with the action “Mark reviewed”)")


class ResourceReportInline(admin.TabularInline):
    model = ResourceReport
    extra = 0
    fields = ["created_at", "reason", "details", "status"]
    readonly_fields = ["created_at", "reason", "details"]
    ordering = ["-created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ResourceUpkeepAdmin(admin.ModelAdmin):
    """What ResourceAdmin adds for the library's upkeep."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_reports=Count(
                    "reports", filter=Q(reports__status=ResourceReport.Status.NEW)
                )
            )
        )

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_report_count(self, resource):
        return resource.open_reports

    @admin.display(description=_("summary's reading grade"))
    def summary_grade(self, resource):
        language = resource.languages[0] if resource.languages else "en"
        grade = reading_grade(resource.summary, language)
        if grade <= PLAIN_GRADE:
            return f"{grade:.1f}"
        return _("%(grade).1f, above grade %(plain)d: write it plainer") % {
            "grade": grade,
            "plain": PLAIN_GRADE,
        }

    @admin.action(
        description=_("Mark the selected resources reviewed today, signed by me"),
        permissions=["change"],
    )
    def mark_reviewed_today(self, request, queryset):
        reviewer = services.reviewer_name(request.user)
        count = 0
        for resource in queryset:
            services.record_review(
                resource=resource, reviewer=reviewer, user=request.user
            )
            count += 1
        self.message_user(
            request,
            ngettext(
                "Recorded %(count)d review by %(reviewer)s.",
                "Recorded %(count)d reviews by %(reviewer)s.",
                count,
            )
            % {"count": count, "reviewer": reviewer},
        )

    @admin.action(
        description=_("Check the selected resources' links now"),
        permissions=["change"],
    )
    def check_links_now(self, request, queryset):
        resources = list(queryset.order_by("pk")[: MAX_LINKS_CHECKED_AT_ONCE + 1])
        if len(resources) > MAX_LINKS_CHECKED_AT_ONCE:
            self.message_user(
                request,
                _(
                    "Choose at most %(limit)d resources; the nightly check_links "
                    "run covers the whole library."
                )
                % {"limit": MAX_LINKS_CHECKED_AT_ONCE},
                messages.ERROR,
            )
            return
        for resource in resources:
            check = check_now(resource)
            if check.outcome is Outcome.OK:
                self.message_user(
                    request, _("%(title)s: the link works.") % {"title": resource}
                )
            elif check.outcome is Outcome.SKIPPED:
                self.message_user(
                    request,
                    _("%(title)s: the server asked us to try later (%(reason)s).")
                    % {"title": resource, "reason": check.reason},
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _("%(title)s: the link failed (%(reason)s).")
                    % {"title": resource, "reason": check.reason},
                    messages.WARNING,
                )


@admin.register(ResourceReport)
class ResourceReportAdmin(admin.ModelAdmin):
    list_display = ["resource", "reason", "status", "created_at", "handled_by"]
    list_filter = ["status", "reason"]
    search_fields = ["resource__title", "details"]
    list_select_related = ["resource", "handled_by"]
    readonly_fields = [
        "resource",
        "reason",
        "details",
        "reporter_email",
        "status",
        "handled_by",
        "handled_at",
        "created_at",
    ]
    actions = ["resolve", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Resolved: I acted on the selected reports"),
        permissions=["change"],
    )
    def resolve(self, request, queryset):
        self._close(request, queryset, resolved=True)

    @admin.action(
        description=_("Dismiss the selected reports (nothing to change)"),
        permissions=["change"],
    )
    def dismiss(self, request, queryset):
        self._close(request, queryset, resolved=False)

    def _close(self, request, queryset, *, resolved: bool) -> None:
        closed = 0
        for report in queryset.filter(status=ResourceReport.Status.NEW):
            services.close_report(
                report=report, curator=request.user, resolved=resolved
            )
            closed += 1
        self.message_user(
            request,
            ngettext("Closed %d report.", "Closed %d reports.", closed) % closed,
        )
