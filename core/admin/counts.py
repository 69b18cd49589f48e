"""Row counts of large tables without counting every row, for changelists and the admin home.
Imports no admin module: template tags use it, and they load while the admin theme's own
module is still being imported."""

from django.db import connections

# From this many rows on, an unfiltered changelist shows the database's estimate of the row
# count instead of counting every row.
ESTIMATE_FROM_ROWS = 100_000


def estimated_rows(model, using="default"):
    """A fast estimate of the rows of `model`'s table: the planner's statistics on PostgreSQL
    (-1 before the first ANALYZE), the highest id on SQLite (deleted rows included). One
    query either way, so changelists make the same number of queries on both databases."""
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table]
            )
        else:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT MAX(rowid) FROM {quoted}")  # noqa: S608 (a table name)
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0
