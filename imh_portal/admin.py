from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from imh_portal.admin_translation import MissingSpanishFilter
from imh_portal.models import (
    Concept,
    FailedSearch,
    HelpLine,
    OutgoingEmail,
    SearchMiss,
    User,
)


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
class HelpLineAdmin(TranslationAdmin):
    list_display = ["name", "how_to_reach", "position", "is_active"]
    list_filter = ["is_active", MissingSpanishFilter]
    list_editable = ["position", "is_active"]


class OutboxStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting"), ("sent", "Sent")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.unsent()
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, to look into: what was sent, what waits and why.

    Read-only: messages are written by ``imh_portal.mail`` and retried by
    ``send_queued_email``.
    """

    list_display = ["subject", "recipients", "created_at", "sent_at", "attempts"]
    list_filter = [OutboxStateFilter, "created_at"]
    search_fields = ["subject", "body"]
    date_hierarchy = "created_at"
    fields = [
        "to",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]

    @admin.display(description="to")
    def recipients(self, email: OutgoingEmail) -> str:
        return ", ".join(email.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    """The search vocabulary: each concept's words, in English and Spanish."""

    list_display = ["name", "english_words", "spanish_words", "is_crisis", "updated_at"]
    list_filter = ["is_crisis"]
    search_fields = ["name"]
    fields = ["name", "terms_en", "terms_es", "is_crisis"]

    @admin.display(description=_("English words"))
    def english_words(self, concept: Concept) -> str:
        return ", ".join(concept.terms_en)

    @admin.display(description=_("Spanish words"))
    def spanish_words(self, concept: Concept) -> str:
        return ", ".join(concept.terms_es)

    def get_search_results(self, request, queryset, search_term):
        # A curator looks a word up as often as a concept's name.
        found, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        word = " ".join(search_term.lower().split())
        if word:
            found |= queryset.filter(
                Q(terms_en__contains=[word]) | Q(terms_es__contains=[word])
            )
        return found, may_have_duplicates


class SynonymForm(forms.Form):
    concept = forms.ModelChoiceField(
        label=_("Add to the concept"), queryset=Concept.objects.order_by("name")
    )
    words = forms.CharField(label=_("Words"), max_length=60)
    language = forms.ChoiceField(
        label=_("Language of the words"),
        choices=[("en", _("English")), ("es", _("Spanish"))],
    )


@admin.register(FailedSearch)
class FailedSearchAdmin(admin.ModelAdmin):
    """Library searches that found nothing, or no resource with all their words,
    over the kept days, most frequent first; each row can become a synonym."""

    list_display = [
        "text",
        "language",
        "searches",
        "found_nothing",
        "last_day",
        "teach_search",
    ]
    list_filter = ["language"]
    search_fields = ["text"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Teach search"))
    def teach_search(self, failed: FailedSearch) -> str:
        add_synonym = reverse("admin:imh_portal_failedsearch_synonym", args=[failed.pk])
        return format_html('<a href="{}">{}</a>', add_synonym, _("Add a synonym"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/synonym/",
                self.admin_site.admin_view(self.add_synonym),
                name="imh_portal_failedsearch_synonym",
            ),
            *super().get_urls(),
        ]

    def add_synonym(self, request, pk: int):
        """Add a failed search's words to a concept, and clear the search from
        the list; or start a new concept with them."""
        if not request.user.has_perm("imh_portal.change_concept"):
            raise PermissionDenied
        failed = get_object_or_404(FailedSearch, pk=pk)
        language = "es" if failed.language.startswith("es") else "en"
        form = SynonymForm(
            request.POST or None,
            initial={"words": failed.text, "language": language},
        )
        if request.method == "POST" and form.is_valid():
            try:
                _add_words(**form.cleaned_data, failed=failed)
            except ValidationError as error:
                form.add_error("words", error)
            else:
                self.message_user(
                    request,
                    _("“%(words)s” now finds what “%(concept)s” finds.")
                    % {
                        "words": form.cleaned_data["words"],
                        "concept": form.cleaned_data["concept"],
                    },
                    messages.SUCCESS,
                )
                return redirect("admin:imh_portal_failedsearch_changelist")
        terms = "terms_es" if language == "es" else "terms_en"
        new_concept = (
            reverse("admin:imh_portal_concept_add")
            + "?"
            + urlencode({"name": failed.text[:80], terms: failed.text})
        )
        return TemplateResponse(
            request,
            "admin/imh_portal/add_synonym.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Add a synonym"),
                "failed": failed,
                "form": form,
                "new_concept_url": new_concept,
            },
        )


@transaction.atomic
def _add_words(
    *, concept: Concept, words: str, language: str, failed: FailedSearch
) -> None:
    concept = Concept.objects.select_for_update().get(pk=concept.pk)
    if language == "es":
        concept.terms_es = [*concept.terms_es, words]
    else:
        concept.terms_en = [*concept.terms_en, words]
    concept.full_clean()
    concept.save()
    SearchMiss.objects.filter(text=failed.text, language=failed.language).delete()
