from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations


class Migration(migrations.Migration):
    """GIN operator classes for plain columns, so one index covers text and facets."""

    dependencies = [("imh_portal", "0002_search_words")]

    operations = [BtreeGinExtension()]
