"""Keep the SQLite triggers that hold the cross-row rules.

SQLite drops a table's triggers when Django rebuilds the table to alter it (adding a column
with a default, say), so a later migration would silently lose them. After every `migrate`,
the triggers of the applied migrations that define them (a module-level `SQLITE_CREATE` list)
are created again where missing. PostgreSQL keeps its triggers and constraints through ALTER
TABLE and needs none of this.
"""

import sys

from django.db import connections
from django.db.migrations.loader import MigrationLoader


def trigger_statements(connection):
    """The `SQLITE_CREATE` statements of the applied migrations."""
    loader = MigrationLoader(connection)
    statements = []
    for key, migration in loader.graph.nodes.items():
        if key in loader.applied_migrations:
            statements += getattr(sys.modules[type(migration).__module__], "SQLITE_CREATE", [])
    return statements


def restore_sqlite_triggers(using="default", **kwargs):
    """A post_migrate receiver."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in trigger_statements(connection):
            cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
