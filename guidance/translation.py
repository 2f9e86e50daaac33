"""The guidance texts visitors read, kept in English and Spanish side by side."""

from modeltranslation.translator import TranslationOptions, register

from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType


@register(GuidanceItem)
class GuidanceItemTranslation(TranslationOptions):
    fields = ("text",)
    empty_values = None


@register(FeaturedResource)
class FeaturedResourceTranslation(TranslationOptions):
    fields = ("note",)
    empty_values = None


@register(RoleProviderType)
class RoleProviderTypeTranslation(TranslationOptions):
    fields = ("note",)
    empty_values = None
