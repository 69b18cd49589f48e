"""The stored search grams of institutions (see core/search/text.py), filled for the rows
that exist from their search text, and on PostgreSQL a GIN index on them (as an array), which
finds one- and two-character queries that the trigram index cannot. filmweek/0006 does the same
for people, films and film weeks with the functions below (on the 300,000 rows of 100k films and
200k people: about a minute)."""

from django.db import connections, migrations, models

from core.search.text import build_search_grams

BATCH_SIZE = 5000
GRAM_INDEXES = {"alliance_institution": "alliance_institution_search_grams"}


def fill_search_grams(model):
    """Fills search_grams of every row from its search_text, BATCH_SIZE rows at a time."""
    connection = connections[model.objects.db]
    table = connection.ops.quote_name(model._meta.db_table)
    last = 0
    while rows := list(
        model.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", "search_text")[:BATCH_SIZE]
    ):
        ids = [pk for pk, _ in rows]
        grams = [build_search_grams(text) for _, text in rows]
        if connection.vendor == "postgresql":
            # One UPDATE per batch; bulk_update's CASE grows with the square of the batch.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET search_grams = new.grams"
                    " FROM unnest(%s::bigint[], %s::text[]) AS new (id, grams)"
                    f" WHERE {table}.id = new.id",
                    [ids, grams],
                )
        else:
            model.objects.bulk_update(
                [model(pk=pk, search_grams=text) for pk, text in zip(ids, grams, strict=True)],
                ["search_grams"],
                batch_size=500,
            )
        last = ids[-1]


def gram_index_operations(indexes):
    """RunPython operations that, on PostgreSQL, compact each table, create (then, backwards,
    drop) a GIN index on its grams split into an array, the expression HoldsByGrams in
    core/search/text.py writes, and refresh the table's statistics, which then hold those
    of the indexed expression: with them the planner knows a common character from a rare
    one.

    The fill above writes a new version of every row and leaves the old one behind: the table
    doubles, its first half empty, and a sequential scan, the way the search reads a common
    character, would cross that half every time (VACUUM frees the space, but keeps the pages).
    CLUSTER rewrites the table without them, in the order of its ids."""

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, index in indexes.items():
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT indexrelid::regclass::text FROM pg_index"
                    " WHERE indrelid = %s::regclass AND indisprimary",
                    [table],
                )
                (primary_key,) = cursor.fetchone()
            schema_editor.execute(f"CLUSTER {table} USING {primary_key}")
            schema_editor.execute(f"ALTER TABLE {table} SET WITHOUT CLUSTER")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table}"
                " USING gin (string_to_array(search_grams, ' '))"
            )
            schema_editor.execute(f"ANALYZE {table}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in indexes.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(add, drop)


def fill_institution_grams(apps, schema_editor):
    fill_search_grams(apps.get_model("alliance", "Institution"))


class Migration(migrations.Migration):
    dependencies = [("alliance", "0008_publication_dates_verbose_names")]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="search_grams",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search grams"
            ),
        ),
        migrations.RunPython(fill_institution_grams, migrations.RunPython.noop),
        gram_index_operations(GRAM_INDEXES),
    ]
