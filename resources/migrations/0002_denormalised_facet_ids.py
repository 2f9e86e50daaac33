"""Keep Resource.topic_ids and Resource.audience_ids equal to the many-to-many rows.

Filtering and counting facets on arrays stored in the resource row avoids a join
per facet; statement-level triggers keep the copies exact whichever way the
many-to-many tables change (admin, ORM, cascades, raw SQL).
"""

from django.db import migrations


def _sync_trigger(array: str, table: str, column: str) -> tuple[str, str]:
    function = f"resources_sync_{array}"
    forward = f"""
        CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE resources_resource AS r
               SET {array} = COALESCE(
                       (SELECT array_agg(m.{column} ORDER BY m.{column})
                          FROM {table} AS m WHERE m.resource_id = r.id),
                       '{{}}'),
                   updated_at = now()
             WHERE r.id IN (SELECT resource_id FROM changed_rows);
            RETURN NULL;
        END $$;
        CREATE TRIGGER {function}_insert AFTER INSERT ON {table}
            REFERENCING NEW TABLE AS changed_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}();
        CREATE TRIGGER {function}_delete AFTER DELETE ON {table}
            REFERENCING OLD TABLE AS changed_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}();
    """
    reverse = f"""
        DROP TRIGGER IF EXISTS {function}_insert ON {table};
        DROP TRIGGER IF EXISTS {function}_delete ON {table};
        DROP FUNCTION IF EXISTS {function}();
    """
    return forward, reverse


TOPICS = _sync_trigger("topic_ids", "resources_resource_topics", "topic_id")
AUDIENCES = _sync_trigger("audience_ids", "resources_resource_audiences", "role_id")


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [
        migrations.RunSQL(sql=TOPICS[0], reverse_sql=TOPICS[1]),
        migrations.RunSQL(sql=AUDIENCES[0], reverse_sql=AUDIENCES[1]),
    ]
