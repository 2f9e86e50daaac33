"""Deleting a listing leaves a tombstone for syncing partners
(imh_portal.Tombstone, filled by the floor's imh_record_removal function).

Databases built before this migration got the trigger from imh_portal 0005; it
is replaced here, so every database ends with the same one."""

from django.db import migrations

TRIGGER = """
    DROP TRIGGER IF EXISTS directory_listing_removed ON directory_listing;
    CREATE TRIGGER directory_listing_removed AFTER DELETE ON directory_listing
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION imh_record_removal('listing');
"""
REVERSE = "DROP TRIGGER IF EXISTS directory_listing_removed ON directory_listing;"


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_term_updated_at"),
        ("imh_portal", "0005_tombstones"),
    ]

    operations = [migrations.RunSQL(TRIGGER, REVERSE)]
