"""Featured resources now belong to guidance (guidance 0001), which keeps this
table: only Django's record of the model moves, no row does."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("resources", "0011_removal_tombstones")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FeaturedResource")],
            database_operations=[],
        )
    ]
