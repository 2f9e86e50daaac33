from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from directory.models import RoleProviderType
from imh_portal.models import HelpLine, User
from resources.models import FeaturedResource
from roles.admin import RoleAdmin
from roles.models import Role


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Name"), {"fields": ["first_name", "last_name"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(HelpLine)
class HelpLineAdmin(admin.ModelAdmin):
    list_display = ["name", "how_to_reach", "position", "is_active"]
    list_editable = ["position", "is_active"]


# A role's page also shows featured resources and provider types, which belong
# to other apps: their inlines are added here, where every app may be imported.
class FeaturedResourceInline(admin.TabularInline):
    model = FeaturedResource
    extra = 1
    autocomplete_fields = ["resource"]
    fields = ["resource", "position", "note"]


class ProviderTypeInline(admin.TabularInline):
    model = RoleProviderType
    extra = 1
    fields = ["service_type", "position", "note"]


class RoleWithGuidanceAdmin(RoleAdmin):
    inlines = [*RoleAdmin.inlines, FeaturedResourceInline, ProviderTypeInline]


admin.site.unregister(Role)
admin.site.register(Role, RoleWithGuidanceAdmin)
