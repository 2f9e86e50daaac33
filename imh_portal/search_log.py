"""Counting the searches that failed, so curators can teach search new words.

Only the words and the page's language are kept, one row per text, language,
outcome and day: no address, no cookie, no account. Rows older than
``SEARCH_MISS_RETENTION_DAYS`` are purged by ``purge_search_misses``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from imh_portal.faceted_search import SearchResults
from imh_portal.models import SearchMiss


def count_if_missed(results: SearchResults, *, language: str) -> None:
    """Count a first-page search that found nothing, or no document with all
    of its words, and mark ``results`` as counted. Searches narrowed by filters
    are left out: there the filters, not the words, may be what found nothing."""
    text = results.filterset.text
    if not text or results.page.number != 1 or results.filterset.chosen():
        return
    if results.total == 0:
        outcome = SearchMiss.Outcome.NOTHING
    elif results.no_result_has_all_words:
        outcome = SearchMiss.Outcome.PARTIAL
    else:
        return
    results.counted_as_miss = True
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO imh_portal_searchmiss (text, language, outcome, day, searches)
            VALUES (%s, %s, %s, %s, 1)
            ON CONFLICT (text, language, outcome, day)
            DO UPDATE SET searches = imh_portal_searchmiss.searches + 1
            """,
            [text.lower()[:200], language[:8], outcome, timezone.localdate()],
        )


def purge_old_misses(*, today=None) -> int:
    """Delete the counts older than the retention period; returns how many."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.SEARCH_MISS_RETENTION_DAYS)
    deleted, _ = SearchMiss.objects.older_than(cutoff).delete()
    return deleted
