"""Curators also edit the roles' guidance pages: their text, items, featured
resources and the provider types they point to.

This grant was first made by imh_portal 0004, on the models' old apps; guidance
0001 moved their content types, so those rights carried over. Adding rights a
group already has changes nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
PERMISSIONS = {
    "roles": {"role": ["view", "change"]},
    "guidance": {
        "guidanceitem": ["view", "add", "change", "delete"],
        "featuredresource": ["view", "add", "change", "delete"],
        "roleprovidertype": ["view", "add", "change", "delete"],
    },
    "directory": {"servicetype": ["view"]},
}


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=f"{action}_{model}",
        )
        for app_label, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("guidance", "0001_initial"),
        ("roles", "0002_guidance"),
        ("directory", "0007_role_guidance"),
        ("resources", "0003_curators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
