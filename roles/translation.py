"""The role texts visitors read, kept in English and Spanish side by side."""

from modeltranslation.translator import TranslationOptions, register

from roles.models import Role


@register(Role)
class RoleTranslation(TranslationOptions):
    fields = ("name", "i_am", "tagline", "summary", "why_it_matters")
    empty_values = None
