"""The library's own texts visitors read (topics, collections and their notes),
kept in English and Spanish side by side. A resource's title and summary stay
in the resource's language; ``Resource.spanish_summary`` speaks to Spanish
readers about an English resource."""

from modeltranslation.translator import TranslationOptions, register

from resources.models import Collection, CollectionItem, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = None


@register(Collection)
class CollectionTranslation(TranslationOptions):
    fields = ("title", "introduction")
    empty_values = None


@register(CollectionItem)
class CollectionItemTranslation(TranslationOptions):
    fields = ("note",)
    empty_values = None
