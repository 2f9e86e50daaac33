"""A role's guidance items, featured resources and provider types move here
from roles, resources and directory, keeping their tables (and so every row).
Their content types move too, so the permissions curators hold on them follow."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = {
    "guidanceitem": "roles",
    "featuredresource": "resources",
    "roleprovidertype": "directory",
}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, old_app in MOVED.items():
        if not ContentType.objects.filter(app_label="guidance", model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(
                app_label="guidance"
            )


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, old_app in MOVED.items():
        ContentType.objects.filter(app_label="guidance", model=model).update(
            app_label=old_app
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("resources", "0012_featured_resources_move_to_guidance"),
        ("directory", "0011_role_provider_types_move_to_guidance"),
        ("roles", "0003_guidance_items_move_to_guidance"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GuidanceItem",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("action", "Something you can do"), ("sign", "A sign a family may need more support"), ("where_to_turn", "Where to turn")], max_length=16, verbose_name="kind")),
                        ("text", models.TextField(help_text="One or two sentences. Markdown.", max_length=1000, verbose_name="text")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                        ("role", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="guidance", to="roles.role")),
                    ],
                    options={
                        "verbose_name": "guidance item",
                        "db_table": "roles_guidanceitem",
                        "ordering": ["kind", "position", "pk"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("kind__in", ["action", "sign", "where_to_turn"])), name="guidance_kind_valid")],
                    },
                ),
                migrations.CreateModel(
                    name="FeaturedResource",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                        ("note", models.TextField(blank=True, max_length=600, verbose_name="note")),
                        ("resource", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="featured_for", to="resources.resource")),
                        ("role", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="featured_resources", to="roles.role")),
                    ],
                    options={
                        "verbose_name": "featured resource",
                        "db_table": "resources_featuredresource",
                        "ordering": ["position", "pk"],
                        "constraints": [models.UniqueConstraint(fields=("role", "resource"), name="featured_resource_once")],
                    },
                ),
                migrations.CreateModel(
                    name="RoleProviderType",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                        ("note", models.TextField(blank=True, max_length=600, verbose_name="note")),
                        ("role", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="provider_types", to="roles.role")),
                        ("service_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="role_links", to="directory.servicetype")),
                    ],
                    options={
                        "verbose_name": "provider type for a role",
                        "db_table": "directory_roleprovidertype",
                        "ordering": ["position", "pk"],
                        "constraints": [models.UniqueConstraint(fields=("role", "service_type"), name="role_provider_type_once")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
