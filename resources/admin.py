from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.db.models.functions import Coalesce, Now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from imh_portal.admin_translation import MissingSpanishFilter
from imh_portal.vocabulary import LANGUAGES, AgeBand
from resources import services
from resources.admin_upkeep import (
    NeedsAttentionFilter,
    ResourceReportInline,
    ResourceReviewInline,
    ResourceUpkeepAdmin,
)
from resources.models import (
    Collection,
    CollectionItem,
    Resource,
    ResourceSuggestion,
    Topic,
)


class ResourceAdminForm(forms.ModelForm):
    age_bands = forms.MultipleChoiceField(
        label=_("Age bands"),
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Resource
        exclude: list[str] = []


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "resource_count"]
    list_filter = [MissingSpanishFilter]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(resource_total=Count("resources"))

    @admin.display(description=_("resources"), ordering="resource_total")
    def resource_count(self, topic):
        return topic.resource_total


@admin.register(Resource)
class ResourceAdmin(ResourceUpkeepAdmin):
    form = ResourceAdminForm
    inlines = [ResourceReviewInline, ResourceReportInline]
    list_display = [
        "title",
        "kind",
        "status",
        "cost",
        "region",
        "last_reviewed_on",
        "link_status",
        "open_report_count",
        "updated_at",
    ]
    list_filter = [
        NeedsAttentionFilter,
        "status",
        "kind",
        "cost",
        "link_status",
        "topics",
        "audiences",
        ("last_reviewed_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "summary", "publisher", "url"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "audiences"]
    readonly_fields = [
        "published_at",
        "link_status",
        "link_checked_at",
        "link_failures",
        "link_problem",
        "summary_grade",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "updated_at"
    actions = ["publish", "archive", "mark_reviewed_today", "check_links_now"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "url", "publisher", "status"]}),
        (
            _("What it says"),
            {"fields": ["summary", "summary_grade", "spanish_summary", "description"]},
        ),
        (
            _("Books"),
            {
                "fields": ["authors", "published_year", "isbn"],
                "classes": ["collapse"],
            },
        ),
        (
            _("Who and where it is for"),
            {
                "fields": [
                    "topics",
                    "audiences",
                    "age_bands",
                    "languages",
                    "cost",
                    "region",
                ]
            },
        ),
        (
            _("Review and link health"),
            {
                "fields": [
                    "last_reviewed_on",
                    "published_at",
                    "link_status",
                    "link_checked_at",
                    "link_failures",
                    "link_problem",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.action(
        description=_("Publish the selected resources"), permissions=["change"]
    )
    def publish(self, request, queryset):
        count = queryset.exclude(status=Resource.Status.PUBLISHED).update(
            status=Resource.Status.PUBLISHED,
            published_at=Coalesce("published_at", Now()),
            updated_at=Now(),
        )
        self.message_user(
            request,
            ngettext("Published %d resource.", "Published %d resources.", count)
            % count,
        )

    @admin.action(
        description=_("Archive the selected resources"), permissions=["change"]
    )
    def archive(self, request, queryset):
        count = queryset.exclude(status=Resource.Status.ARCHIVED).update(
            status=Resource.Status.ARCHIVED, updated_at=Now()
        )
        self.message_user(
            request,
            ngettext("Archived %d resource.", "Archived %d resources.", count) % count,
        )


class CollectionItemInline(TranslationTabularInline):
    model = CollectionItem
    extra = 1
    autocomplete_fields = ["resource"]
    fields = ["position", "resource", "note"]
    ordering = ["position", "pk"]


@admin.register(Collection)
class CollectionAdmin(TranslationAdmin):
    list_display = [
        "title",
        "status",
        "is_featured",
        "position",
        "item_count",
        "updated_at",
    ]
    list_filter = ["status", "is_featured", MissingSpanishFilter]
    list_editable = ["position"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description=_("items"), ordering="item_total")
    def item_count(self, collection):
        return collection.item_total


@admin.register(ResourceSuggestion)
class ResourceSuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "status", "created_at", "reviewed_by"]
    list_filter = ["status"]
    search_fields = ["title", "url", "why"]
    readonly_fields = [
        "title",
        "url",
        "kind",
        "why",
        "submitter_name",
        "submitter_email",
        "created_at",
        "status",
        "resource",
        "reviewed_by",
        "reviewed_at",
    ]
    actions = ["accept", "decline"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Accept: create draft resources"), permissions=["change"]
    )
    def accept(self, request, queryset):
        created = 0
        for suggestion in queryset.filter(status=ResourceSuggestion.Status.NEW):
            services.accept_suggestion(suggestion=suggestion, curator=request.user)
            created += 1
        self.message_user(
            request,
            ngettext(
                "Created %d draft resource; finish and publish it under Resources.",
                "Created %d draft resources; finish and publish them under Resources.",
                created,
            )
            % created,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Decline the selected suggestions"), permissions=["change"]
    )
    def decline(self, request, queryset):
        declined = 0
        for suggestion in queryset.filter(status=ResourceSuggestion.Status.NEW):
            services.decline_suggestion(suggestion=suggestion, curator=request.user)
            declined += 1
        self.message_user(
            request,
            ngettext("Declined %d suggestion.", "Declined %d suggestions.", declined)
            % declined,
        )
