"""The Directory moderators group: exactly what moderating listings needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Directory moderators"
PERMISSIONS = {
    "listing": ["view", "change"],
    "location": ["view", "add", "change", "delete"],
    "credential": ["view", "add", "change"],
    "listingevent": ["view"],
    "listingreport": ["view", "change"],
    "servicetype": ["view", "add", "change"],
    "modality": ["view", "add", "change"],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        [
            Permission.objects.get(
                content_type__app_label="directory",
                content_type__model=model,
                codename=f"{action}_{model}",
            )
            for model, actions in PERMISSIONS.items()
            for action in actions
        ]
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_listing_triggers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
