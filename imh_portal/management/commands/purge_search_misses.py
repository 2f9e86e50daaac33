from django.conf import settings
from django.core.management.base import BaseCommand

from imh_portal.search_log import purge_old_misses


class Command(BaseCommand):
    help = (
        "Run daily (cron). Deletes the counts of library searches that found "
        "nothing, or only partial matches, once they are older than "
        f"SEARCH_MISS_RETENTION_DAYS ({settings.SEARCH_MISS_RETENTION_DAYS} days "
        "by default)."
    )

    def handle(self, *args, **options):
        deleted = purge_old_misses()
        self.stdout.write(f"deleted {deleted} old count{'s' if deleted != 1 else ''}")
