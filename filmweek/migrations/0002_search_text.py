"""The stored search text of people, films and film weeks (see core/search/text.py), filled
for the rows that exist, and on PostgreSQL a trigram index on each (the pg_trgm extension comes
from alliance/0004)."""

from django.db import migrations, models

from core.search.text import build_search_text

TRIGRAM_INDEXES = {
    "filmweek_person": "filmweek_person_search_trgm",
    "filmweek_film": "filmweek_film_search_trgm",
    "filmweek_filmweek": "filmweek_filmweek_search_trgm",
}


def person_texts(person):
    return person.name_en, person.name_zh, person.name_original


def film_texts(film):
    return film.title_original, film.title_en, film.title_zh


def film_week_texts(week):
    return (
        f"{week.name_en} {week.year}",
        f"{week.name_zh} {week.year}" if week.name_zh else "",
        week.theme_en,
        week.theme_zh,
    )


def fill_search_text(apps, schema_editor):
    for model_name, texts in [
        ("Person", person_texts),
        ("Film", film_texts),
        ("FilmWeek", film_week_texts),
    ]:
        model = apps.get_model("filmweek", model_name)
        rows = list(model.objects.all())
        for row in rows:
            row.search_text = build_search_text(*texts(row))
        model.objects.bulk_update(rows, ["search_text"], batch_size=500)


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, index in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in TRIGRAM_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("alliance", "0004_search_text"), ("filmweek", "0001_initial")]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="search_text",
                field=models.TextField(
                    blank=True, default="", editable=False, verbose_name="search text"
                ),
            )
            for model_name in ("person", "film", "filmweek")
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
