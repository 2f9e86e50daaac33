from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from imh_portal.admin_translation import MissingSpanishFilter
from roles.models import Role


@admin.register(Role)
class RoleAdmin(TranslationAdmin):
    list_display = ["name", "status", "last_reviewed_on", "position"]
    list_editable = ["position"]
    list_filter = ["status", MissingSpanishFilter]
    search_fields = ["name", "summary", "why_it_matters"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related_roles"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "i_am", "tagline", "summary", "position"]}),
        (
            _("Guidance page"),
            {
                "fields": [
                    "status",
                    "last_reviewed_on",
                    "why_it_matters",
                    "related_roles",
                ]
            },
        ),
    ]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the guidance pages"))
    def publish(self, request, queryset):
        count = queryset.update(status=Role.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext("Published %d page.", "Published %d pages.", count) % count,
        )

    @admin.action(description=_("Take the guidance pages back to draft"))
    def unpublish(self, request, queryset):
        count = queryset.update(status=Role.Status.DRAFT)
        self.message_user(
            request,
            ngettext("%d page back to draft.", "%d pages back to draft.", count)
            % count,
        )
