"""Once the place where curators were given rights over role guidance; that
grant now lives with guidance (guidance 0001). Kept, empty, so that databases
that applied it keep a consistent history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("imh_portal", "0003_btree_gin")]

    operations = []
