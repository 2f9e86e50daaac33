"""Work waiting for curators and moderators, as the admin's front page lists it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Queue:
    label: str
    count: int
    oldest: datetime | date | None
    url: str

    @property
    def waiting_days(self) -> int | None:
        """How many days the oldest item has waited, when it is known."""
        if not self.count or self.oldest is None:
            return None
        if isinstance(self.oldest, datetime):
            return (timezone.now() - self.oldest).days
        return (timezone.localdate() - self.oldest).days


def queue(label: str, items: QuerySet, *, since: str | None, url: str) -> Queue:
    """A queue of ``items``, aged by their ``since`` field, in one query."""
    found = items.aggregate(
        count=Count("pk"), **({"oldest": Min(since)} if since else {})
    )
    return Queue(label, found["count"], found.get("oldest"), url)
