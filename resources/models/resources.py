"""A curated resource, how visitors find it, and the choices it offers."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchConfig,
    SearchVector,
    SearchVectorField,
)
from django.db import connections, models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imh_portal import search
from imh_portal.fields import WebAddressField, validate_isbn13
from imh_portal.models.choices import QuickChoiceLabels
from imh_portal.query_plan import QueryPlan
from imh_portal.sync import SyncableQuerySet
from imh_portal.vocabulary import (
    LANGUAGE_CODES,
    LANGUAGES,
    REGION_PATTERN,
    AgeBand,
    region_name,
    validate_region,
)
from resources.models.topics import Topic
from resources.models.upkeep import (
    RETIRE_MONTHS,
    REVIEW_DUE_MONTHS,
    ResourceReport,
    months_before,
    reviewed_since,
    visible,
)
from roles.models import Role

# The audiences the library serves first, and how much a search favours them.
FAMILY_AUDIENCES = ("parents-caregivers", "family-members")
FAMILY_BOOST = 0.5


class ResourceQuerySet(search.SearchableQuerySet, SyncableQuerySet):
    tombstone_kind = "resource"

    def published(self):
        """Resources visitors may find: published (not draft, in review or
        archived) and reviewed within the last two years."""
        return self.filter(visible())

    def published_any_age(self):
        """Published resources, however long since their last review: a page
        overdue for review stays reachable from old links, with a notice."""
        return self.filter(status=Resource.Status.PUBLISHED)

    def review_due(self, *, today=None):
        """Published resources not reviewed for ``REVIEW_DUE_MONTHS`` or more."""
        cutoff = months_before(today or timezone.localdate(), REVIEW_DUE_MONTHS)
        return self.published_any_age().exclude(reviewed_since(cutoff))

    def needing_attention(self, *, today=None):
        """Published resources a curator should look at: a broken link, a
        review due, or a visitor's report waiting."""
        cutoff = months_before(today or timezone.localdate(), REVIEW_DUE_MONTHS)
        return self.published_any_age().filter(
            Q(link_status=Resource.LinkStatus.BROKEN)
            | ~reviewed_since(cutoff)
            | Q(pk__in=ResourceReport.objects.open().values("resource_id"))
        )

    def working_links_first(self):
        """Keep the order, but put resources whose link is broken last."""
        ordering = list(self.query.order_by or self.model._meta.ordering)
        return self.alias(
            link_is_broken=ExpressionWrapper(
                Q(link_status=Resource.LinkStatus.BROKEN),
                output_field=models.BooleanField(),
            )
        ).order_by(F("link_is_broken").asc(), *ordering)

    def in_language_first(self, language: str, *, after: tuple[str, ...] = ()):
        """Keep the order, but put resources offered in ``language`` first, or
        first within each group of the ``after`` ordering (which must lead the
        current order)."""
        in_language = ExpressionWrapper(
            Q(languages__contains=[language]), output_field=models.BooleanField()
        )
        ordering = list(self.query.order_by or self.model._meta.ordering)
        leading = [name for name in after if name in ordering]
        rest = [name for name in ordering if name not in leading]
        return self.alias(in_visitor_language=in_language).order_by(
            *leading, F("in_visitor_language").desc(), *rest
        )

    def for_families_first(self):
        """Alias ``fit``: the search rank, raised for resources meant for
        parents, caregivers and family, the people the library serves first;
        among equally complete matches they come before professional ones."""
        families = ArraySubquery(
            Role.objects.filter(slug__in=FAMILY_AUDIENCES).values("pk")
        )
        for_families = Case(
            When(audience_ids__overlap=families, then=Value(1.0 + FAMILY_BOOST)),
            default=Value(1.0),
            output_field=models.FloatField(),
        )
        return self.alias(fit=F("rank") * for_families)

    def with_snippet(self, plan: QueryPlan):
        """Annotate the summary with the words of ``plan`` marked; for a few rows."""
        if not plan.highlight_tsquery:
            return self.annotate(snippet=F("summary"))
        query = search.StoredQuery(plan.highlight_tsquery)
        return self.annotate(snippet=search.search_headline("summary", query))

    def with_related(self):
        """Prefetch what a list of resources shows."""
        return self.defer("search_vector").prefetch_related("topics", "audiences")

    def for_cards(self):
        """What a card shows, and no more: its topics, without the search
        vector (a long text to read and parse for every row)."""
        return self.defer("search_vector").prefetch_related("topics")

    def regions(self) -> list[str]:
        """The distinct regions of published resources.

        Walks the (status, region) index one value at a time instead of reading
        every row: a handful of index probes whatever the table's size.
        """
        table = self.model._meta.db_table
        with connections[self.db].cursor() as cursor:
            # The table name is the model's own; values are parameters.
            cursor.execute(
                f"WITH RECURSIVE regions(region) AS ("  # nosec B608
                f" SELECT min(region) FROM {table} WHERE status = %s"
                f" UNION ALL SELECT (SELECT min(region) FROM {table}"
                "   WHERE status = %s AND region > regions.region)"
                " FROM regions WHERE regions.region IS NOT NULL)"
                " SELECT region FROM regions WHERE region IS NOT NULL",
                [ResourceStatus.PUBLISHED, ResourceStatus.PUBLISHED],
            )
            return [region for (region,) in cursor.fetchall()]


class ResourceKind(models.TextChoices):
    WEBSITE = "website", _("Website")
    TOOL = "tool", _("Online tool")
    GUIDE = "guide", _("Guide or fact sheet")
    BOOK = "book", _("Book")
    VIDEO = "video", _("Video")
    PODCAST = "podcast", _("Podcast")
    COURSE = "course", _("Course or training")
    SERVICE = "service", _("Support service")
    APP = "app", _("App")
    RESEARCH = "research", _("Research")


class ResourceCost(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")
    VARIES = "varies", _("Varies")


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ResourceLinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Working")
    FAILING = "failing", _("Failed once; checked again next run")
    BROKEN = "broken", _("Broken")


class Resource(QuickChoiceLabels, models.Model):
    """A trustworthy website, guide, book, video, course or service, curated."""

    Kind = ResourceKind
    Cost = ResourceCost
    Status = ResourceStatus
    LinkStatus = ResourceLinkStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.CharField(
        _("summary"),
        max_length=500,
        help_text=_("One or two plain sentences: what it is and why it helps."),
    )
    # The summary above is in the resource's own language (its first language)
    # and is searched as such; this one tells Spanish readers what an English
    # resource offers, and says that it is in English.
    spanish_summary = models.CharField(
        _("summary for Spanish pages"),
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "For a resource whose summary is not in Spanish: one or two plain "
            "Spanish sentences on what it offers, ending with the language it is "
            'in (e.g. "El sitio está en inglés.").'
        ),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown. Shown on the detail page.")
    )
    url = WebAddressField(_("link"), max_length=500)
    publisher = models.CharField(
        _("publisher or organisation"), max_length=200, blank=True
    )
    topics = models.ManyToManyField(Topic, related_name="resources", blank=True)
    audiences = models.ManyToManyField(
        Role, related_name="resources", blank=True, verbose_name=_("audiences")
    )
    age_bands = ArrayField(
        models.CharField(max_length=8, choices=AgeBand.choices),
        verbose_name=_("age bands"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=LANGUAGES),
        verbose_name=_("languages"),
        default=list,
        help_text=_(
            "The languages it is offered in; the first is the language of its "
            "title and summary."
        ),
    )
    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices)
    region = models.CharField(
        _("region"),
        max_length=6,
        blank=True,
        validators=[validate_region],
        help_text=_(
            "Empty for everywhere, a country (US, CA) or a state or province "
            "(US-WA, CA-BC) by its ISO 3166 code."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    link_status = models.CharField(
        _("link health"),
        max_length=16,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
    )
    link_checked_at = models.DateTimeField(_("link checked"), null=True, blank=True)
    # Defaults in the database too, so bulk loads that leave these out work.
    link_failures = models.PositiveSmallIntegerField(
        _("failed link checks in a row"), default=0, db_default=0
    )
    link_problem = models.CharField(
        _("what the last failed check saw"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
    )
    authors = models.CharField(
        _("authors"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("For books."),
    )
    published_year = models.PositiveSmallIntegerField(
        _("year published"), null=True, blank=True
    )
    isbn = models.CharField(
        _("ISBN-13"),
        max_length=13,
        blank=True,
        default="",
        db_default="",
        validators=[validate_isbn13],
        help_text=_("13 digits, only as a source shows it. Empty beats a guess."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # Copies of the topic and audience ids, kept by database triggers on the
    # many-to-many tables, so filtering and facet counts never need a join.
    topic_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    audience_ids = ArrayField(models.IntegerField(), default=list, editable=False)

    # The names of the resource's kind, topics and audiences, kept by database
    # triggers, so "books" or "sleep" finds what is filed that way.
    facet_terms = models.TextField(default="", editable=False)

    # The title and summary are indexed in the language they are written in,
    # the first of ``languages``: Spanish text is stemmed as Spanish.
    search_vector = models.GeneratedField(
        expression=CombinedSearchVector(
            Case(
                When(
                    languages__0="es",
                    then=search.weighted_vector(search.SPANISH_CONFIG),
                ),
                default=search.weighted_vector(search.SEARCH_CONFIG),
            ),
            "||",
            SearchVector("facet_terms", weight="B", config=search.SEARCH_CONFIG),
            SearchConfig(search.SEARCH_CONFIG),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_sample = models.GeneratedField(
        expression=F("id") % search.SAMPLE_RATE,
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("resource")
        indexes = [
            # One index answers the text query and every facet together, so a
            # capped count or a filtered search seldom visits the table. Only
            # published rows are ever searched, and with the status implied by
            # the index, the count needs no other condition.
            GinIndex(
                fields=[
                    "search_vector",
                    "topic_ids",
                    "audience_ids",
                    "age_bands",
                    "languages",
                    "kind",
                    "cost",
                    "region",
                ],
                condition=Q(status="published"),
                name="resource_search_facets",
            ),
            GinIndex(
                fields=["search_vector"],
                condition=Q(status="published", search_sample=0),
                name="resource_search_sample",
            ),
            models.Index(
                fields=["id"],
                condition=Q(status="published", search_sample=0),
                name="resource_sample",
            ),
            models.Index(fields=["status", "-published_at"], name="resource_newest"),
            models.Index(fields=["status", "title"], name="resource_by_title"),
            models.Index(fields=["status", "region"], name="resource_by_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(cost__in=ResourceCost.values), name="resource_cost_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResourceStatus.values),
                name="resource_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(link_status__in=ResourceLinkStatus.values),
                name="resource_link_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(region="") | Q(region__regex=REGION_PATTERN),
                name="resource_region_iso_3166",
            ),
            models.CheckConstraint(
                condition=Q(age_bands__contained_by=AgeBand.values),
                name="resource_age_bands_valid",
            ),
            models.CheckConstraint(
                condition=Q(languages__contained_by=LANGUAGE_CODES) & ~Q(languages=[]),
                name="resource_languages_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="resource_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(link_status="unchecked") | Q(link_checked_at__isnull=False),
                name="resource_link_check_has_date",
            ),
            models.CheckConstraint(
                condition=Q(isbn="") | Q(isbn__regex=r"^97[89][0-9]{10}$"),
                name="resource_isbn_13_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"slug": self.slug})

    @property
    def text_language(self) -> str:
        """The language of the title, summary and description (its first)."""
        return self.languages[0] if self.languages else "en"

    @property
    def region_name(self) -> str:
        return region_name(self.region)

    def get_age_bands_display(self) -> list[str]:
        labels = dict(AgeBand.choices)
        return [str(labels[band]) for band in self.age_bands if band in labels]

    def get_languages_display(self) -> list[str]:
        labels = dict(LANGUAGES)
        return [str(labels[code]) for code in self.languages if code in labels]

    @property
    def is_overdue_for_review(self) -> bool:
        """Whether it has left public lists: unreviewed for two years."""
        checked = self.last_reviewed_on or (
            self.published_at and timezone.localdate(self.published_at)
        )
        cutoff = months_before(timezone.localdate(), RETIRE_MONTHS)
        return checked is not None and checked < cutoff

    def related(self, limit: int = 4):
        """Published resources sharing the most topics with this one."""
        if not self.topic_ids:
            return Resource.objects.none()
        return (
            Resource.objects.published()
            .exclude(pk=self.pk)
            .filter(topic_ids__overlap=self.topic_ids)
            .for_cards()
            .order_by("-published_at", "title")[:limit]
        )
