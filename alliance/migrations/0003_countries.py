"""Every ISO 3166 country with its continent and UN sub-region, so staff never type one."""

from django.db import migrations

from alliance.continents import add_missing_countries


def add_countries(apps, schema_editor):
    add_missing_countries(apps.get_model("alliance", "Country"))


class Migration(migrations.Migration):
    dependencies = [("alliance", "0002_membership_founding_triggers")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
