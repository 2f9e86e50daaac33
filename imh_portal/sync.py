"""What partners need to keep a copy of public records in step with ours."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from imh_portal.models import Tombstone


class SyncableQuerySet(models.QuerySet):
    """Records with a public subset, a slug, a status and an ``updated_at``."""

    tombstone_kind = ""

    def published(self):
        """The records the public may see; each model says which."""
        raise NotImplementedError

    def removed_since(self, moment: datetime.datetime) -> list[dict]:
        """Tombstones of records taken down or deleted after ``moment``.

        Only records that were once public count (a draft nobody saw is nobody
        else's business), and only within the retention period.
        """
        cutoff = max(
            moment,
            timezone.now() - datetime.timedelta(days=settings.TOMBSTONE_RETENTION_DAYS),
        )
        hidden = (
            self.model.objects.filter(published_at__isnull=False, updated_at__gt=cutoff)
            .exclude(pk__in=self.model.objects.published().values("pk"))
            .values_list("slug", "status", "updated_at")
        )
        deleted = (
            Tombstone.objects.of(self.tombstone_kind)
            .since(cutoff)
            .values_list("key", "removed_at")
        )
        stones = [
            tombstone(slug, status, changed) for slug, status, changed in hidden
        ] + [tombstone(key, "deleted", removed) for key, removed in deleted]
        return sorted(stones, key=lambda stone: stone["modified_at"])


def tombstone(slug: str, status: str, changed: datetime.datetime) -> dict:
    return {"slug": slug, "status": status, "modified_at": changed, "removed": True}
