"""Help-line texts, kept in English and Spanish side by side: crisis lines must
reach people in their language."""

from modeltranslation.translator import TranslationOptions, register

from imh_portal.models import HelpLine


@register(HelpLine)
class HelpLineTranslation(TranslationOptions):
    fields = ("name", "how_to_reach", "description")
    empty_values = None
