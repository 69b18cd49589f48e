"""The database half of a backup: a dump of the default database and its rows per table, both
of one moment; and its restore.

PostgreSQL: `pg_dump --format=custom` of a snapshot that a transaction of our own exported, in
which the rows are counted too, so that a backup taken while the site is written to still
counts exactly the rows it holds. SQLite: a copy through sqlite3's backup API (consistent
while others write), whose rows are counted in the copy.
"""

import os
import sqlite3
import subprocess

import psycopg
from django.db import connection as default_connection
from psycopg.conninfo import make_conninfo

POSTGRES_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
# What a plain `migrate` writes: a database with rows in these tables alone is still empty.
FILLED_BY_MIGRATE = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "alliance_country",
    }
)
# libpq's own connection keywords among Django's OPTIONS (the others are Django's).
LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options")


class DatabaseToolFailed(Exception):
    """pg_dump or pg_restore failed or is missing; the message says why."""


def file_name(vendor):
    return POSTGRES_FILE if vendor == "postgresql" else SQLITE_FILE


def dump(folder, connection=default_connection):
    """Write the database to `folder`; {table: rows} of the moment written."""
    if connection.vendor == "postgresql":
        return _pg_dump(connection, folder / POSTGRES_FILE)
    return _sqlite_dump(connection, folder / SQLITE_FILE)


def restore(folder, *, replace, connection=default_connection):
    """Load the dump in `folder` into the database; `replace`: over tables that are there."""
    connection.close()  # its prepared statements and cached plans name the tables replaced
    if connection.vendor == "postgresql":
        _pg_restore(connection, folder / POSTGRES_FILE, replace=replace)
    else:
        _sqlite_restore(connection, folder / SQLITE_FILE)
    connection.close()


def row_counts(connection=default_connection):
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        return _count(cursor, names, connection.ops.quote_name)


def rows_beyond_migrate(connection=default_connection):
    """{table: rows} of the tables that hold rows a fresh `migrate` does not write."""
    counts = row_counts(connection)
    return {name: rows for name, rows in counts.items() if rows and name not in FILLED_BY_MIGRATE}


def _count(cursor, names, quote):
    counts = {}
    for name in sorted(names):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608 -- quoted table name
        counts[name] = cursor.fetchone()[0]
    return counts


def _sqlite_dump(connection, target):
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = _count(copy.cursor(), names, connection.ops.quote_name)
    copy.close()
    return counts


def _sqlite_restore(connection, source):
    connection.ensure_connection()
    with sqlite3.connect(source) as dumped:
        dumped.backup(connection.connection)
    dumped.close()


def _libpq(connection):
    """(conninfo without the password, environment with it): argv is visible to every user."""
    settings = connection.settings_dict
    keywords = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "host": settings["HOST"],
        "port": settings["PORT"],
        **{key: settings["OPTIONS"][key] for key in LIBPQ_OPTIONS if key in settings["OPTIONS"]},
    }
    conninfo = make_conninfo(**{key: value for key, value in keywords.items() if value})
    environment = {**os.environ}
    if settings["PASSWORD"]:
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return conninfo, environment


def _run(command, environment):
    try:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise DatabaseToolFailed(
            f"{command[0]} was not found: install PostgreSQL's client programs"
        ) from None
    if finished.returncode:
        raise DatabaseToolFailed(f"{command[0]} failed: {finished.stderr.strip()}")


def _pg_dump(connection, target):
    conninfo, environment = _libpq(connection)
    with psycopg.connect(conninfo, password=connection.settings_dict["PASSWORD"] or None) as own:
        own.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        own.read_only = True
        with own.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            names = [row[0] for row in cursor.fetchall()]
            counts = _count(cursor, names, connection.ops.quote_name)
            command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}"]
            _run([*command, f"--file={target}", f"--dbname={conninfo}"], environment)
        own.rollback()
    return counts


def _pg_restore(connection, source, *, replace):
    conninfo, environment = _libpq(connection)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, "--exit-on-error", f"--dbname={conninfo}", str(source)], environment)
