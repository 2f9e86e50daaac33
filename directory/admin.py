from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from directory import services
from directory.forms import US_AND_CANADA
from directory.models import (
    Credential,
    Delivery,
    Listing,
    ListingEvent,
    ListingReport,
    ListingStatus,
    Location,
    Modality,
    Payment,
    ServiceType,
)
from imh_portal.admin_translation import MissingSpanishFilter
from imh_portal.vocabulary import LANGUAGES, AgeBand


def _checkboxes(label, choices, *, required: bool = False):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


class ListingAdminForm(forms.ModelForm):
    """Lists of codes edited as checkboxes with their names, in their order."""

    age_bands = _checkboxes(_("Ages"), AgeBand.choices)
    languages = _checkboxes(_("Languages"), LANGUAGES, required=True)
    delivery = _checkboxes(_("How they see families"), Delivery.choices, required=True)
    payment = _checkboxes(_("Payment accepted"), Payment.choices)
    telehealth_regions = _checkboxes(
        _("Telehealth: states or provinces served"), US_AND_CANADA
    )

    class Meta:
        model = Listing
        exclude: list[str] = []


@admin.register(ServiceType, Modality)
class TaxonomyAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "listing_count"]
    list_filter = [MissingSpanishFilter]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listing_total=Count("listings"))

    @admin.display(description=_("listings"), ordering="listing_total")
    def listing_count(self, term):
        return term.listing_total


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    fields = [
        ("label", "show_address"),
        "address",
        ("city", "region", "postal_code", "country"),
        ("latitude", "longitude", "point_source"),
    ]


class CredentialInline(admin.StackedInline):
    # Stacked: as a table, the long credential names and the details pushed
    # the page to 1,673 px at a 1280 px window.
    model = Credential
    extra = 0
    fields = ["kind", "issued_by", "year", "details", "verified_on"]
    readonly_fields = ["verified_on"]


class EventInline(admin.TabularInline):
    model = ListingEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _site(location: dict) -> str:
    """A location in one line, as moderators compare them."""
    parts = [location.get(name) or "" for name in services.LOCATION_FIELDS[:5]]
    shown = (
        "" if location.get("show_address", True) else " " + gettext("(address hidden)")
    )
    return " ".join(part for part in parts if part) + shown


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the provider"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DecisionForm(ReasonForm):
    """Turning one listing down: send it back for changes, or reject it."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("changes", _("Ask for changes: the provider edits it and sends it again")),
            ("reject", _("Reject: it cannot be listed as it is")),
        ],
        initial="changes",
        widget=forms.RadioSelect,
    )
    field_order = ["decision", "reason"]


class QueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("new", _("New listings waiting")),
            ("changes", _("Changes waiting")),
            ("reported", _("With open reports")),
            ("unverified", _("With credentials to check")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "new":
            return queryset.filter(status=ListingStatus.PENDING)
        if self.value() == "changes":
            return queryset.filter(status=ListingStatus.CHANGES_PENDING)
        if self.value() == "reported":
            return queryset.filter(reports__status="new").distinct()
        if self.value() == "unverified":
            return queryset.filter(credentials__verified_on__isnull=True).distinct()
        return queryset


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    form = ListingAdminForm
    list_display = [
        "name",
        "kind",
        "status",
        "is_sample",
        "owner",
        "confirmed_on",
        "verified_on",
        "updated_at",
    ]
    list_filter = [QueueFilter, "status", "kind", "is_sample", "accepting"]
    search_fields = ["name", "organization", "owner__email", "slug"]
    readonly_fields = [
        "status",
        "owner",
        "pending_changes_table",
        "published_at",
        "verified_on",
        "confirmed_on",
        "created_at",
        "updated_at",
    ]
    exclude = ["pending_changes"]
    filter_horizontal = ["service_types", "modalities"]
    inlines = [LocationInline, CredentialInline, EventInline]
    actions = ["approve", "reject", "suspend", "verify_credentials"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    @admin.display(description=_("changes waiting for review"))
    def pending_changes_table(self, listing):
        if not listing.pending_changes:
            return "—"
        rows = []
        for name, proposed in listing.pending_changes["fields"].items():
            live = getattr(listing, name, "")
            if live != proposed:
                rows.append((name, live, proposed))
        changes = services.ListingChanges.from_json(listing.pending_changes)
        for name in ("service_types", "modalities"):
            live = sorted(getattr(listing, name).values_list("slug", flat=True))
            proposed = sorted(getattr(changes, name))
            if live != proposed:
                rows.append((name, ", ".join(live), ", ".join(proposed)))
        live_sites = [
            _site({name: getattr(site, name) for name in services.LOCATION_FIELDS})
            for site in listing.locations.order_by("pk")
        ]
        proposed_sites = [_site(site) for site in changes.locations]
        if live_sites != proposed_sites:
            rows.append(("locations", "; ".join(live_sites), "; ".join(proposed_sites)))
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("field"),
            _("live"),
            _("proposed"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.action(description=_("Approve listings or their waiting changes"))
    def approve(self, request, queryset):
        done = 0
        for listing in queryset.filter(
            status__in=[ListingStatus.PENDING, ListingStatus.CHANGES_PENDING]
        ):
            services.approve_listing(listing=listing, moderator=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("Approved %d listing.", "Approved %d listings.", done) % done,
        )

    @admin.action(description=_("Reject listings or their waiting changes…"))
    def reject(self, request, queryset):
        return self._with_reason(request, queryset, "reject", services.reject_listing)

    @admin.action(description=_("Suspend listings…"))
    def suspend(self, request, queryset):
        return self._with_reason(request, queryset, "suspend", services.suspend_listing)

    def _with_reason(self, request, queryset, action, service):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for listing in queryset:
                try:
                    service(
                        listing=listing,
                        moderator=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except ValidationError as error:
                    self.message_user(
                        request,
                        f"{listing}: {' '.join(error.messages)}",
                        messages.ERROR,
                    )
            self.message_user(
                request,
                ngettext(
                    "%(count)d listing updated.", "%(count)d listings updated.", done
                )
                % {"count": done},
            )
            return None
        return render(
            request,
            "admin/directory/reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Give a reason"),
                "form": form,
                "listings": queryset,
                "action": action,
                "opts": self.model._meta,
            },
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_one),
                name="directory_listing_approve",
            ),
            path(
                "<int:pk>/turn-down/",
                self.admin_site.admin_view(self.turn_down_one),
                name="directory_listing_turn_down",
            ),
            *super().get_urls(),
        ]

    def _decidable(self, request, pk: int) -> Listing:
        listing = get_object_or_404(Listing, pk=pk)
        if not self.has_change_permission(request, listing):
            raise PermissionDenied
        return listing

    def approve_one(self, request, pk: int):
        """Approve from the listing's own page (a POST from its button)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        listing = self._decidable(request, pk)
        try:
            services.approve_listing(listing=listing, moderator=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, gettext("Approved: %s") % listing)
        return redirect("admin:directory_listing_change", pk)

    def turn_down_one(self, request, pk: int):
        """Ask for changes or reject, from the listing's own page, with a reason."""
        listing = self._decidable(request, pk)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decide = (
                services.request_changes
                if form.cleaned_data["decision"] == "changes"
                else services.reject_listing
            )
            try:
                decide(
                    listing=listing,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, gettext("Sent back with your reason: %s") % listing
                )
            return redirect("admin:directory_listing_change", pk)
        return render(
            request,
            "admin/directory/turn_down.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Ask for changes or reject"),
                "form": form,
                "listing": listing,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Mark the listings' credentials verified today"))
    def verify_credentials(self, request, queryset):
        credentials = Credential.objects.filter(listing__in=queryset)
        for credential in credentials:
            services.verify_credential(credential=credential, moderator=request.user)
        self.message_user(request, _("Credentials verified: %d") % credentials.count())


@admin.register(ListingReport)
class ListingReportAdmin(admin.ModelAdmin):
    list_display = ["listing", "status", "created_at", "handled_by"]
    list_filter = ["status"]
    search_fields = ["listing__name", "message"]
    readonly_fields = ["listing", "message", "reporter_email", "created_at"]
    actions = ["resolve", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark resolved"))
    def resolve(self, request, queryset):
        self._close(request, queryset, ListingReport.Status.RESOLVED)

    @admin.action(description=_("Dismiss"))
    def dismiss(self, request, queryset):
        self._close(request, queryset, ListingReport.Status.DISMISSED)

    def _close(self, request, queryset, status):
        count = queryset.filter(status=ListingReport.Status.NEW).update(
            status=status, handled_by=request.user, handled_at=timezone.now()
        )
        self.message_user(request, _("Reports closed: %d") % count)
