"""The stored search grams of people, films and film weeks, filled for the rows that exist,
and on PostgreSQL a GIN index on each (see alliance/0009)."""

import importlib

from django.db import migrations, models

alliance_0009 = importlib.import_module("alliance.migrations.0009_search_grams")

GRAM_INDEXES = {
    "filmweek_person": "filmweek_person_search_grams",
    "filmweek_film": "filmweek_film_search_grams",
    "filmweek_filmweek": "filmweek_filmweek_search_grams",
}


def fill_search_grams(apps, schema_editor):
    for model_name in ("Person", "Film", "FilmWeek"):
        alliance_0009.fill_search_grams(apps.get_model("filmweek", model_name))


class Migration(migrations.Migration):
    dependencies = [
        ("alliance", "0009_search_grams"),
        ("filmweek", "0005_publication_dates_verbose_names"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="search_grams",
                field=models.TextField(
                    blank=True, default="", editable=False, verbose_name="search grams"
                ),
            )
            for model_name in ("person", "film", "filmweek")
        ),
        migrations.RunPython(fill_search_grams, migrations.RunPython.noop),
        alliance_0009.gram_index_operations(GRAM_INDEXES),
    ]
