"""Keep the SQLite triggers that hold the cross-row rules.

SQLite drops a table's triggers when Django rebuilds the table to alter it (adding a column
with a default, say), so a later migration would silently lose them. After every `migrate`,
the triggers of the migrations already applied are created again where missing. PostgreSQL
keeps its triggers and constraints through ALTER TABLE and needs none of this.
"""

from importlib import import_module

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

TRIGGER_MIGRATIONS = [
    ("alliance", "0002_membership_founding_triggers"),
    ("screenings", "0003_screening_no_overlap"),
]


def restore_sqlite_triggers(using="default", **kwargs):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    with connection.cursor() as cursor:
        for app_label, name in TRIGGER_MIGRATIONS:
            if (app_label, name) not in applied:
                continue
            migration = import_module(f"{app_label}.migrations.{name}")
            for statement in migration.SQLITE_CREATE:
                cursor.execute(
                    statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1)
                )
