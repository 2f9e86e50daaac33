"""A new directory knows every US ZIP code and US and Canadian city, so
``migrate`` alone gives a working "near me" search."""

from django.db import migrations


def load_places(apps, schema_editor):
    # Imported here: only this step needs the packages' data.
    from directory.place_data import place_rows

    Place = apps.get_model("directory", "Place")
    if Place.objects.exists():
        return
    Place.objects.bulk_create(
        (Place(**row) for row in place_rows()), batch_size=5000
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_role_provider_types_move_to_guidance")]

    operations = [migrations.RunPython(load_places, migrations.RunPython.noop)]
