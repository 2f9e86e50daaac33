"""One number that changes whenever anything a public page shows changes.

Every table behind the public pages carries a trigger that bumps the single row
of ``imh_portal_content_version`` once per transaction, at commit: admin edits,
imports, bulk loads and raw SQL alike, and deletions too. The shared page cache
puts the number in its keys (imh_portal.page_cache), so an edit shows at once.

The bump is a deferred constraint trigger, so it happens as the transaction
commits, after every other lock it takes: two writers can wait on the row for a
moment but never deadlock on it, and a reader never sees the new number before
the data it stands for.
"""

from django.apps import apps
from django.db import DatabaseError, connections, router

CONTENT_APPS = ("imh_portal", "roles", "resources", "directory", "guidance")
# Rows no public page shows: logs, queues, accounts and what visitors send in.
NOT_ON_PUBLIC_PAGES = {
    "imh_portal.User",
    "imh_portal.Tombstone",
    "imh_portal.OutgoingEmail",
    "imh_portal.SearchMiss",
    "imh_portal.FailedSearch",
    "resources.ResourceReport",
    "resources.ResourceSuggestion",
    "directory.ListingEvent",
    "directory.ListingReport",
}
ROW_TRIGGER = "imh_portal_content_changed"
TRUNCATE_TRIGGER = "imh_portal_content_truncated"


def content_tables() -> list[str]:
    """The tables whose changes public pages show, many-to-many ones included."""
    tables = []
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            owner = model._meta.auto_created or model
            if owner._meta.label in NOT_ON_PUBLIC_PAGES or not model._meta.managed:
                continue
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def install_triggers(using: str = "default") -> list[str]:
    """Give every content table its triggers, once; returns the tables that
    were given them now. Run after every migrate, so a new model is covered."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = %s",
            [ROW_TRIGGER],
        )
        done = {name for (name,) in cursor.fetchall()}
        existing = set(connection.introspection.table_names(cursor))
        added = [t for t in content_tables() if t in existing and t not in done]
        for table in added:
            quoted = connection.ops.quote_name(table)
            # Table names come from the models, quoted; nothing else varies.
            cursor.execute(
                f"CREATE CONSTRAINT TRIGGER {ROW_TRIGGER}"  # nosec B608
                f" AFTER INSERT OR UPDATE OR DELETE ON {quoted}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                " EXECUTE FUNCTION imh_portal_bump_content_version()"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRUNCATE_TRIGGER}"  # nosec B608
                f" AFTER TRUNCATE ON {quoted}"
                " FOR EACH STATEMENT EXECUTE FUNCTION imh_portal_bump_content_version()"
            )
    return added


def tables_with_triggers(using: str = "default") -> set[str]:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = %s",
            [ROW_TRIGGER],
        )
        return {name for (name,) in cursor.fetchall()}


def current_content_version() -> int | None:
    """The number as committed; None when it cannot be read (the database is
    away, or not migrated yet): then nothing is kept or taken from the caches,
    and pages carry on, or fail, as they would without them."""
    from imh_portal.models import HelpLine  # any content model: where reads go

    try:
        with connections[router.db_for_read(HelpLine)].cursor() as cursor:
            cursor.execute("SELECT number FROM imh_portal_content_version WHERE id = 1")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def install_after_migrate(sender, *, using="default", **kwargs) -> None:
    """post_migrate receiver: covers tables created by this migrate."""
    install_triggers(using)
