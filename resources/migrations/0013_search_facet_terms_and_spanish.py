"""Index Spanish resources as Spanish, and make kinds, topics and audiences
searchable by name.

``facet_terms`` holds the English names of a resource's kind, topics and
audiences, kept by a trigger: on every insert, on any change of the kind or the
facet ids (which the many-to-many triggers keep), and when a topic or role is
renamed. The search vector indexes a resource's text with the configuration of
its first language, plus those names.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

# The English labels of the kinds as they were when this migration was written.
KIND_NAMES = {
    "website": "website",
    "tool": "online tool",
    "guide": "guide fact sheet",
    "book": "book",
    "video": "video",
    "podcast": "podcast",
    "course": "course training",
    "service": "support service",
    "app": "app",
    "research": "research",
}

_KIND_CASE = "CASE NEW.kind " + " ".join(
    f"WHEN '{kind}' THEN '{names}'" for kind, names in KIND_NAMES.items()
) + " ELSE '' END"

FORWARD = f"""
    CREATE FUNCTION resources_fill_facet_terms() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.facet_terms := concat_ws(' ',
            {_KIND_CASE},
            (SELECT string_agg(name, ' ' ORDER BY id) FROM resources_topic
              WHERE id = ANY(NEW.topic_ids)),
            (SELECT string_agg(name, ' ' ORDER BY id) FROM roles_role
              WHERE id = ANY(NEW.audience_ids)));
        RETURN NEW;
    END $$;

    CREATE TRIGGER resources_fill_facet_terms
        BEFORE INSERT OR UPDATE OF kind, topic_ids, audience_ids, facet_terms
        ON resources_resource
        FOR EACH ROW EXECUTE FUNCTION resources_fill_facet_terms();

    CREATE FUNCTION resources_topic_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE resources_resource SET facet_terms = '', updated_at = now()
         WHERE topic_ids @> ARRAY[NEW.id::integer];
        RETURN NULL;
    END $$;

    CREATE TRIGGER resources_topic_renamed AFTER UPDATE OF name ON resources_topic
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION resources_topic_renamed();

    CREATE FUNCTION resources_audience_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE resources_resource SET facet_terms = '', updated_at = now()
         WHERE audience_ids @> ARRAY[NEW.id::integer];
        RETURN NULL;
    END $$;

    CREATE TRIGGER resources_audience_renamed AFTER UPDATE OF name ON roles_role
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION resources_audience_renamed();
"""

# Every search checks the vector of each candidate row. Kept in the row (the
# long description moves out first), it is read with the row instead of from
# the TOAST table: several times fewer pages per row checked. Rewriting the
# rows fills the names of their facets, and so their vectors.
KEEP_VECTOR_IN_ROW = """
    ALTER TABLE resources_resource ALTER COLUMN search_vector SET STORAGE MAIN;
    UPDATE resources_resource SET facet_terms = '';
"""

REVERSE = """
    DROP TRIGGER IF EXISTS resources_audience_renamed ON roles_role;
    DROP FUNCTION IF EXISTS resources_audience_renamed();
    DROP TRIGGER IF EXISTS resources_topic_renamed ON resources_topic;
    DROP FUNCTION IF EXISTS resources_topic_renamed();
    DROP TRIGGER IF EXISTS resources_fill_facet_terms ON resources_resource;
    DROP FUNCTION IF EXISTS resources_fill_facet_terms();
"""


def _vector(config):
    search = django.contrib.postgres.search
    return search.CombinedSearchVector(
        search.CombinedSearchVector(
            search.SearchVector("title", config=config, weight="A"),
            "||",
            search.SearchVector("summary", config=config, weight="B"),
            search.SearchConfig(config),
        ),
        "||",
        search.SearchVector("description", "publisher", config=config, weight="C"),
        search.SearchConfig(config),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0012_featured_resources_move_to_guidance"),
        ("roles", "0001_initial"),
        ("imh_portal", "0008_search_vocabulary"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="resource", name="resource_search_facets"),
        migrations.RemoveIndex(model_name="resource", name="resource_search_sample"),
        migrations.RemoveField(model_name="resource", name="search_vector"),
        migrations.AlterField(
            model_name="resource",
            name="languages",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("en", "English"),
                        ("es", "Spanish"),
                        ("fr", "French"),
                        ("zh", "Chinese"),
                        ("vi", "Vietnamese"),
                        ("ko", "Korean"),
                        ("tl", "Tagalog"),
                        ("ar", "Arabic"),
                        ("fa", "Farsi"),
                        ("pa", "Punjabi"),
                        ("ru", "Russian"),
                        ("ht", "Haitian Creole"),
                        ("pt", "Portuguese"),
                        ("so", "Somali"),
                        ("hi", "Hindi"),
                        ("asl", "American Sign Language"),
                    ],
                    max_length=3,
                ),
                default=list,
                help_text="The languages it is offered in; the first is the "
                "language of its title and summary.",
                size=None,
                verbose_name="languages",
            ),
        ),
        migrations.AddField(
            model_name="resource",
            name="facet_terms",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunSQL(sql=FORWARD, reverse_sql=REVERSE),
        migrations.AddField(
            model_name="resource",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    models.Case(
                        models.When(
                            languages__0="es", then=_vector("imh_search_es")
                        ),
                        default=_vector("imh_search"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "facet_terms", config="imh_search", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("imh_search"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunSQL(sql=KEEP_VECTOR_IN_ROW, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="resource",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=[
                    "search_vector",
                    "topic_ids",
                    "audience_ids",
                    "age_bands",
                    "languages",
                    "kind",
                    "cost",
                    "region",
                ],
                name="resource_search_facets",
            ),
        ),
        migrations.AddIndex(
            model_name="resource",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("search_sample", 0), ("status", "published")),
                fields=["search_vector"],
                name="resource_search_sample",
            ),
        ),
    ]
