"""The directory's terms (service types and models), which the glossary and the
filters show, kept in English and Spanish side by side."""

from modeltranslation.translator import TranslationOptions, register

from directory.models import Modality, ServiceType


@register(ServiceType)
class ServiceTypeTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = None


@register(Modality)
class ModalityTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = None
