"""What search knows beyond the documents: the concept vocabulary that maps
families' words to the field's, and the count of searches that failed."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from imh_portal.words import fold_words


class ConceptQuerySet(models.QuerySet):
    def stamp(self) -> str:
        """Changes whenever a concept is added, edited or removed."""
        found = self.aggregate(last=Max("updated_at"), rows=Count("pk"))
        last = found["last"].isoformat() if found["last"] else "none"
        return f"{last}/{found['rows']}"


class Concept(models.Model):
    """One idea in the words families use and the words the field uses, in
    English and Spanish. A search for any of its terms also finds documents
    that use any other, so "colic" finds resources about crying."""

    name = models.CharField(
        _("name"),
        max_length=80,
        unique=True,
        help_text=_("A short label for curators, such as “Crying and colic”."),
    )
    terms_en = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("English words"),
        default=list,
        blank=True,
        help_text=_(
            "Words and short phrases, separated by commas: what families type "
            "and what resources say (colic, crying, fussy baby)."
        ),
    )
    terms_es = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("Spanish words"),
        default=list,
        blank=True,
        help_text=_("The same in Spanish, separated by commas (cólico, llanto)."),
    )
    is_crisis = models.BooleanField(
        _("signals danger"),
        default=False,
        help_text=_(
            "A search containing one of these phrases shows the help lines above "
            "every result. Use specific phrases (“hurt my baby”), never one "
            "common word."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConceptQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("search concept")
        constraints = [
            models.CheckConstraint(
                condition=Q(terms_en__len__gt=0) | Q(terms_es__len__gt=0),
                name="concept_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Terms are matched lower-cased and without punctuation; store them so,
        # once each, so what curators see is what search uses.
        self.terms_en = tidy_terms(self.terms_en)
        self.terms_es = tidy_terms(self.terms_es)

    @property
    def terms(self) -> list[str]:
        return [*self.terms_en, *self.terms_es]


def tidy_terms(terms: list[str]) -> list[str]:
    tidy: list[str] = []
    for term in terms:
        words = " ".join(term.lower().split())
        if words and fold_words(words) not in {fold_words(t) for t in tidy}:
            tidy.append(words)
    return tidy


class SearchMissOutcome(models.TextChoices):
    NOTHING = "nothing", _("Found nothing")
    PARTIAL = "partial", _("Only partial matches")


class SearchMissQuerySet(models.QuerySet):
    def older_than(self, day):
        """Counts from before ``day``, which are no longer kept."""
        return self.filter(day__lt=day)


class SearchMiss(models.Model):
    """How often, on one day, a library search found nothing or only partial
    matches. Only the words and the page's language are kept: no address, no
    cookie, no account."""

    Outcome = SearchMissOutcome

    text = models.CharField(_("search"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    day = models.DateField(_("day"), db_default=models.functions.Now())
    searches = models.PositiveIntegerField(_("searches"), default=1)

    objects = SearchMissQuerySet.as_manager()

    class Meta:
        verbose_name = _("missed search")
        constraints = [
            models.UniqueConstraint(
                fields=["text", "language", "outcome", "day"],
                name="search_miss_one_row_a_day",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=SearchMissOutcome.values),
                name="search_miss_outcome_valid",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="search_miss_day")]

    def __str__(self) -> str:
        return self.text


class FailedSearch(models.Model):
    """The missed searches of the kept days, one row per text and language,
    most frequent first: a database view over ``SearchMiss``."""

    text = models.CharField(_("search"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    searches = models.PositiveIntegerField(_("searches"))
    found_nothing = models.PositiveIntegerField(_("found nothing"))
    last_day = models.DateField(_("last searched"))

    class Meta:
        managed = False
        db_table = "imh_portal_failedsearch"
        ordering = ["-searches", "text", "language"]
        verbose_name = _("failed search")

    def __str__(self) -> str:
        return self.text
