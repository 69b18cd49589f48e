"""On PostgreSQL, fewer statistics on the search text of institutions (filmweek/0008 does the
same for film weeks), tables of thousands of rows at most.

pg_trgm estimates how many rows a typo search (`search_text %> query`) finds by running the
word-similarity test on every sampled value of the column, 200 of them by default: on these
tables of long names with their pinyin that cost 5 to 15 ms of planning on every search
without an exact match, more than the search itself. With 10 values it is under a millisecond;
on a table this small a rougher estimate costs little whichever plan it picks."""

from django.db import migrations

SEARCH_TEXT_STATISTICS = 10


def statistics_operation(table, target):
    """A RunPython operation setting (backwards: resetting) the statistics target of
    `table`.search_text on PostgreSQL, and refreshing its statistics."""

    def set_target(value):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN search_text SET STATISTICS {value}"
            )
            schema_editor.execute(f"ANALYZE {table}")

        return run

    return migrations.RunPython(set_target(target), set_target(-1))


class Migration(migrations.Migration):
    dependencies = [("alliance", "0009_search_grams")]

    operations = [statistics_operation("alliance_institution", SEARCH_TEXT_STATISTICS)]
