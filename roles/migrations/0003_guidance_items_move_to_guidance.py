"""Guidance items now belong to guidance (guidance 0001), which keeps this
table: only Django's record of the model moves, no row does."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("roles", "0002_guidance")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="GuidanceItem")],
            database_operations=[],
        )
    ]
