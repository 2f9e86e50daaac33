"""Deleting a resource leaves a tombstone for syncing partners
(imh_portal.Tombstone, filled by the floor's imh_record_removal function).

Databases built before this migration got the trigger from imh_portal 0005; it
is replaced here, so every database ends with the same one."""

from django.db import migrations

TRIGGER = """
    DROP TRIGGER IF EXISTS resources_resource_removed ON resources_resource;
    CREATE TRIGGER resources_resource_removed AFTER DELETE ON resources_resource
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION imh_record_removal('resource');
"""
REVERSE = "DROP TRIGGER IF EXISTS resources_resource_removed ON resources_resource;"


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0010_term_updated_at"),
        ("imh_portal", "0005_tombstones"),
    ]

    operations = [migrations.RunSQL(TRIGGER, REVERSE)]
