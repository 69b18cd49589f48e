"""The stored search text of institutions (see core/search/text.py), filled for the rows
that exist, and on PostgreSQL the pg_trgm extension with a trigram index on it, which serves
both the substring (LIKE) and the typo-tolerant (word similarity) search."""

from django.db import migrations, models

from core.search.text import build_search_text

TRIGRAM_INDEXES = {"alliance_institution": "alliance_institution_search_trgm"}


def fill_search_text(apps, schema_editor):
    Institution = apps.get_model("alliance", "Institution")
    institutions = list(Institution.objects.all())
    for institution in institutions:
        institution.search_text = build_search_text(
            institution.name_en,
            institution.name_zh,
            institution.short_name,
            institution.city_en,
            institution.city_zh,
        )
    Institution.objects.bulk_update(institutions, ["search_text"], batch_size=500)


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
    dependencies = [("alliance", "0003_countries")]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
