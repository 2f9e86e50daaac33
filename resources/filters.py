"""The one FilterSet behind the library page and the resources API."""

import django_filters
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from imh_portal import search
from imh_portal.facets import (
    ArrayFacetFilter,
    FacetedFilterSet,
    FacetFilter,
    LazyChoices,
    ModelArrayFacetFilter,
)
from imh_portal.vocabulary import LANGUAGES, AgeBand, region_name
from resources.models import Resource, Topic
from roles.models import Role


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NEWEST, _("Newest")),
        (TITLE, _("Title A–Z")),
    ]


def _everywhere_first(choice: tuple[str, str]) -> tuple[bool, int, str]:
    code, name = choice
    return (code != "", len(code), name)


class RegionFacetFilter(FacetFilter):
    """Options are the regions published resources are listed for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=LazyChoices(self._region_choices), **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["choices"] = LazyChoices(self._region_choices)  # this copy
        return super().field

    def _region_choices(self) -> list[tuple[str, str]]:
        return cache.get_or_set(
            f"resource-regions:{self.parent.stamp}", self._regions, 3600
        )

    @staticmethod
    def _regions() -> list[tuple[str, str]]:
        return sorted(
            ((code, region_name(code)) for code in Resource.objects.regions()),
            key=_everywhere_first,
        )


class ResourceFilterSet(FacetedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=search.MAX_QUERY_LENGTH,
    )
    kind = FacetFilter(label=_("Kind"), choices=Resource.Kind.choices)
    topic = ModelArrayFacetFilter(
        field_name="topic_ids", label=_("Topic"), queryset=Topic.objects.all()
    )
    audience = ModelArrayFacetFilter(
        field_name="audience_ids",
        label=_("Who it is for"),
        queryset=Role.objects.in_order(),
    )
    age = ArrayFacetFilter(
        field_name="age_bands", label=_("Age"), choices=AgeBand.choices
    )
    language = ArrayFacetFilter(
        field_name="languages", label=_("Language"), choices=LANGUAGES
    )
    cost = FacetFilter(label=_("Cost"), choices=Resource.Cost.choices)
    region = RegionFacetFilter(label=_("Region"))
    # No order is chosen until the visitor chooses one: a form that sent back
    # "Newest" would list a new search by date instead of by match.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        method="keep",
        empty_label=_("Best match, or newest"),
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    # A handful: fewer documents with every word, and close matches follow.
    relax_below = 5

    def __init__(self, *args, prefer_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Among equally good matches, a search puts resources in the page's
        # language first, in English as in Spanish: an English "colic" should
        # not open on four Spanish "Cólicos". Browsing in Spanish lists Spanish
        # resources first; browsing in English, and the API, keep the plain
        # order (newest first, straight from its index).
        self.search_language = prefer_language
        self.prefer_language = prefer_language if prefer_language != "en" else ""
        self.ordering_variant = prefer_language

    def copy_options(self) -> dict:
        return {"prefer_language": self.search_language}

    @property
    def current_sort(self) -> str:
        """The order in use: the one asked for, else best match for a search."""
        self.is_valid()
        chosen = self.form.cleaned_data.get("sort")
        if chosen == Sort.RELEVANCE and not self.text:
            chosen = ""
        return chosen or (Sort.RELEVANCE if self.text else Sort.NEWEST)

    def order_queryset(self, queryset, *, window: int | None = None):
        # A resource whose link failed twice is kept, but after the rest.
        return self._order(queryset, window=window).working_links_first()

    def _order(self, queryset, *, window: int | None):
        sort = self.current_sort
        if sort == Sort.RELEVANCE:
            queryset = self.best_match_first(
                queryset.for_families_first(),
                window=window,
                then=("-published_at", "pk"),
                rank="fit",
            )
            if self.search_language:
                # Among equally good matches (as many of the words), the
                # visitor's language first; a better match in another language
                # still comes before.
                queryset = queryset.in_language_first(
                    self.search_language, after=("-coverage",)
                )
            return queryset
        if sort == Sort.TITLE:
            queryset = queryset.order_by("title", "pk")
        else:
            queryset = queryset.order_by("-published_at", "pk")
        if self.prefer_language:
            queryset = queryset.in_language_first(self.prefer_language)
        return queryset
