"""The curated resource library: resources, topics, collections, suggestions.

One module per topic; every name is importable from ``resources.models`` too.
"""

from resources.models.collections import (
    Collection,
    CollectionItem,
    CollectionQuerySet,
    CollectionStatus,
)
from resources.models.resources import (
    Resource,
    ResourceCost,
    ResourceKind,
    ResourceLinkStatus,
    ResourceQuerySet,
    ResourceStatus,
)
from resources.models.suggestions import (
    ResourceSuggestion,
    SuggestionQuerySet,
    SuggestionStatus,
)
from resources.models.topics import Topic

__all__ = [
    "Collection",
    "CollectionItem",
    "CollectionQuerySet",
    "CollectionStatus",
    "Resource",
    "ResourceCost",
    "ResourceKind",
    "ResourceLinkStatus",
    "ResourceQuerySet",
    "ResourceStatus",
    "ResourceSuggestion",
    "SuggestionQuerySet",
    "SuggestionStatus",
    "Topic",
]
