"""Admin for translated texts: English and Spanish side by side (the forms of
django-modeltranslation), and what still waits for its Spanish version."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator


def missing_spanish(model) -> Q:
    """Rows with an English text whose Spanish version is still empty."""
    missing = Q()
    for field in translator.get_options_for_model(model).fields:
        english, spanish = f"{field}_en", f"{field}_es"
        missing |= Q(**{f"{english}__gt": ""}) & (
            Q(**{f"{spanish}__isnull": True}) | Q(**{spanish: ""})
        )
    return missing


class MissingSpanishFilter(admin.SimpleListFilter):
    title = _("Spanish version")
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("complete", _("Complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(missing_spanish(queryset.model))
        if self.value() == "complete":
            return queryset.exclude(missing_spanish(queryset.model))
        return queryset
