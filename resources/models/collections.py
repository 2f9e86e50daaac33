"""Ordered, introduced lists of resources, and the curator's note on each item."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resources.models.resources import Resource
from resources.models.upkeep import visible


class CollectionQuerySet(models.QuerySet):
    def published(self):
        """Collections visitors may see."""
        return self.filter(status=Collection.Status.PUBLISHED)

    def featured(self):
        """Published collections chosen for the home page."""
        return self.published().filter(is_featured=True)

    def with_visible_items(self):
        """Prefetch, as ``visible_items``, the items whose resource visitors may
        find (published and reviewed within two years)."""
        return self.prefetch_related(_visible_items())

    def add_visible_items(self, collections: list["Collection"]) -> list["Collection"]:
        """The same, for collections already read."""
        models.prefetch_related_objects(collections, _visible_items())
        return collections


def _visible_items() -> models.Prefetch:
    return models.Prefetch(
        "items",
        queryset=CollectionItem.objects.filter(visible("resource__"))
        .select_related("resource")
        .order_by("position", "pk"),
        to_attr="visible_items",
    )


class CollectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Collection(models.Model):
    """An ordered, introduced list of resources for one need or one audience."""

    Status = CollectionStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    introduction = models.TextField(_("introduction"), help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    resources = models.ManyToManyField(
        Resource, through="CollectionItem", related_name="collections"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("collection")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CollectionStatus.values),
                name="collection_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    """One resource in a collection, with the curator's note on why it is there."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items"
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="collection_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=600)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("collection item")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "resource"], name="collection_item_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection}: {self.resource}"
