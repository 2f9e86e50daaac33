"""A role's admin page with what the other apps add to it."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType
from roles.admin import RoleAdmin
from roles.models import Role


# A role's page also shows featured resources and provider types, which belong
# to other apps: their inlines are added here, in the app on top of them.
class GuidanceInline(TranslationTabularInline):
    model = GuidanceItem
    extra = 1
    fields = ["kind", "position", "text"]


class FeaturedResourceInline(TranslationTabularInline):
    model = FeaturedResource
    extra = 1
    autocomplete_fields = ["resource"]
    fields = ["resource", "position", "note"]


class ProviderTypeInline(TranslationTabularInline):
    model = RoleProviderType
    extra = 1
    fields = ["service_type", "position", "note"]


class RoleWithGuidanceAdmin(RoleAdmin):
    inlines = [GuidanceInline, FeaturedResourceInline, ProviderTypeInline]


admin.site.unregister(Role)
admin.site.register(Role, RoleWithGuidanceAdmin)
