"""The curated resource library: resources, topics, collections, suggestions,
reviews and visitors' reports.

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
from resources.models.upkeep import (
    RETIRE_MONTHS,
    REVIEW_DUE_MONTHS,
    ResourceReport,
    ResourceReportReason,
    ResourceReportStatus,
    ResourceReview,
    months_before,
    visible,
)

__all__ = [
    "RETIRE_MONTHS",
    "REVIEW_DUE_MONTHS",
    "ResourceReport",
    "ResourceReportReason",
    "ResourceReportStatus",
    "ResourceReview",
    "months_before",
    "visible",
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
