"""Database upkeep for listings.

- Facet arrays and the taxonomy names searched as text follow the many-to-many
  tables and the terms' names, whichever way they change.
- Words of names and organisations join the spelling-correction word list.
- The search vector stays in the row and the facet arrays are never compressed,
  as for resources (see resources 0007).
"""

from django.db import migrations

REFRESH = """
    CREATE FUNCTION directory_refresh_taxonomy(listing_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        UPDATE directory_listing AS l SET
            service_type_ids = COALESCE((
                SELECT array_agg(m.servicetype_id ORDER BY m.servicetype_id)
                  FROM directory_listing_service_types AS m
                 WHERE m.listing_id = l.id), '{}'),
            modality_ids = COALESCE((
                SELECT array_agg(m.modality_id ORDER BY m.modality_id)
                  FROM directory_listing_modalities AS m
                 WHERE m.listing_id = l.id), '{}'),
            taxonomy_text = concat_ws(' ',
                (SELECT string_agg(t.name, ' ' ORDER BY t.id)
                   FROM directory_listing_service_types AS m
                   JOIN directory_servicetype AS t ON t.id = m.servicetype_id
                  WHERE m.listing_id = l.id),
                (SELECT string_agg(t.name, ' ' ORDER BY t.id)
                   FROM directory_listing_modalities AS m
                   JOIN directory_modality AS t ON t.id = m.modality_id
                  WHERE m.listing_id = l.id)),
            updated_at = now()
         WHERE l.id = ANY(listing_ids);
    $$;

    CREATE FUNCTION directory_links_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM directory_refresh_taxonomy(
            ARRAY(SELECT DISTINCT listing_id FROM changed_rows));
        RETURN NULL;
    END $$;

    CREATE FUNCTION directory_service_type_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM directory_refresh_taxonomy(ARRAY(
            SELECT listing_id FROM directory_listing_service_types
             WHERE servicetype_id = NEW.id));
        RETURN NULL;
    END $$;

    CREATE FUNCTION directory_modality_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM directory_refresh_taxonomy(ARRAY(
            SELECT listing_id FROM directory_listing_modalities
             WHERE modality_id = NEW.id));
        RETURN NULL;
    END $$;
"""

LINK_TABLES = ["directory_listing_service_types", "directory_listing_modalities"]

LINK_TRIGGERS = "".join(
    f"""
    CREATE TRIGGER {table}_insert AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION directory_links_changed();
    CREATE TRIGGER {table}_delete AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION directory_links_changed();
    """
    for table in LINK_TABLES
)

RENAME_TRIGGERS = """
    CREATE TRIGGER directory_servicetype_renamed AFTER UPDATE OF name
        ON directory_servicetype FOR EACH ROW
        WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION directory_service_type_renamed();
    CREATE TRIGGER directory_modality_renamed AFTER UPDATE OF name
        ON directory_modality FOR EACH ROW
        WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION directory_modality_renamed();
"""

WORDS = """
    CREATE FUNCTION directory_collect_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO imh_portal_searchword (word, documents)
        SELECT DISTINCT w.word, 1
          FROM regexp_split_to_table(
                   lower(public.unaccent(NEW.name || ' ' || NEW.organization)),
                   '[^[:alpha:]]+') AS w(word)
         WHERE length(w.word) BETWEEN 4 AND 40
        ON CONFLICT (word)
        DO UPDATE SET documents = imh_portal_searchword.documents + 1;
        RETURN NULL;
    END $$;

    CREATE TRIGGER directory_listing_words_insert AFTER INSERT
        ON directory_listing FOR EACH ROW
        EXECUTE FUNCTION directory_collect_words();
    CREATE TRIGGER directory_listing_words_update
        AFTER UPDATE OF name, organization ON directory_listing FOR EACH ROW
        WHEN ((OLD.name, OLD.organization) IS DISTINCT FROM (NEW.name, NEW.organization))
        EXECUTE FUNCTION directory_collect_words();
"""

STORAGE = """
    ALTER TABLE directory_listing
        ALTER COLUMN search_vector SET STORAGE MAIN,
        ALTER COLUMN service_type_ids SET STORAGE PLAIN,
        ALTER COLUMN modality_ids SET STORAGE PLAIN,
        ALTER COLUMN age_bands SET STORAGE PLAIN,
        ALTER COLUMN languages SET STORAGE PLAIN,
        ALTER COLUMN delivery SET STORAGE PLAIN,
        ALTER COLUMN payment SET STORAGE PLAIN,
        ALTER COLUMN telehealth_regions SET STORAGE PLAIN;
"""

REVERSE = (
    "".join(
        f"DROP TRIGGER IF EXISTS {table}_insert ON {table};"
        f"DROP TRIGGER IF EXISTS {table}_delete ON {table};"
        for table in LINK_TABLES
    )
    + """
    DROP TRIGGER IF EXISTS directory_servicetype_renamed ON directory_servicetype;
    DROP TRIGGER IF EXISTS directory_modality_renamed ON directory_modality;
    DROP TRIGGER IF EXISTS directory_listing_words_insert ON directory_listing;
    DROP TRIGGER IF EXISTS directory_listing_words_update ON directory_listing;
    DROP FUNCTION IF EXISTS directory_collect_words();
    DROP FUNCTION IF EXISTS directory_links_changed();
    DROP FUNCTION IF EXISTS directory_service_type_renamed();
    DROP FUNCTION IF EXISTS directory_modality_renamed();
    DROP FUNCTION IF EXISTS directory_refresh_taxonomy(bigint[]);
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_listings"),
        ("imh_portal", "0003_btree_gin"),
    ]

    operations = [
        migrations.RunSQL(
            sql=REFRESH + LINK_TRIGGERS + RENAME_TRIGGERS + WORDS + STORAGE,
            reverse_sql=REVERSE,
        ),
    ]
