"""Every ISO 3166 country with its continent and UN sub-region, so staff never type one."""

from django.db import migrations

from alliance.continents import CONTINENT_BY_COUNTRY, REGION_BY_COUNTRY


def add_countries(apps, schema_editor):
    Country = apps.get_model("alliance", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=code, continent=continent, region=REGION_BY_COUNTRY[code])
        for code, continent in sorted(CONTINENT_BY_COUNTRY.items())
        if code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("alliance", "0002_membership_founding_triggers")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
