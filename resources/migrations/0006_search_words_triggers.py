"""Add the words of resources' titles, summaries and publishers to the word list.

The list (``imh_portal.SearchWord``) is what misspelt queries are corrected
against. Statement-level triggers see every inserted row, and every updated row
whose text changed, so the list stays complete without a rebuild job.
"""

from django.db import migrations

COLLECT = """
    INSERT INTO imh_portal_searchword (word, documents)
    SELECT word, count(*)
      FROM (
            SELECT DISTINCT r.id, w.word
              FROM {source} AS r,
                   regexp_split_to_table(
                       lower(public.unaccent(
                           r.title || ' ' || r.summary || ' ' || r.publisher)),
                       '[^[:alpha:]]+') AS w(word)
             WHERE length(w.word) BETWEEN 4 AND 40
           ) AS words
     GROUP BY word
    ON CONFLICT (word)
    DO UPDATE SET documents = imh_portal_searchword.documents + EXCLUDED.documents
"""

FORWARD = f"""
    CREATE FUNCTION resources_collect_inserted_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {COLLECT.format(source="new_rows")};
        RETURN NULL;
    END $$;

    CREATE FUNCTION resources_collect_updated_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {COLLECT.format(source='''(
            SELECT n.* FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
             WHERE (n.title, n.summary, n.publisher)
                   IS DISTINCT FROM (o.title, o.summary, o.publisher))''')};
        RETURN NULL;
    END $$;

    CREATE TRIGGER resources_collect_inserted_words AFTER INSERT
        ON resources_resource REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION resources_collect_inserted_words();
    CREATE TRIGGER resources_collect_updated_words AFTER UPDATE
        ON resources_resource REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION resources_collect_updated_words();

    {COLLECT.format(source="resources_resource")};
"""

REVERSE = """
    DROP TRIGGER IF EXISTS resources_collect_inserted_words ON resources_resource;
    DROP TRIGGER IF EXISTS resources_collect_updated_words ON resources_resource;
    DROP FUNCTION IF EXISTS resources_collect_inserted_words();
    DROP FUNCTION IF EXISTS resources_collect_updated_words();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0005_search_sample"),
        ("imh_portal", "0002_search_words"),
    ]

    operations = [migrations.RunSQL(sql=FORWARD, reverse_sql=REVERSE)]
