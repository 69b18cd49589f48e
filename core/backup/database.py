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
from psycopg.pq import Conninfo

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
# Every keyword this libpq knows; of Django's OPTIONS, these go to pg_dump and pg_restore too.
LIBPQ_KEYWORDS = frozenset(option.keyword.decode() for option in Conninfo.get_defaults())
# Keys of OPTIONS that Django itself reads, not libpq.
DJANGO_OPTIONS = frozenset(
    {"server_side_binding", "prepare_threshold", "pool", "assume_role", "isolation_level"}
)
# Secrets that libpq takes from no environment variable: in a conninfo on the command line,
# every user of the machine would read them.
SECRET_KEYWORDS = ("sslpassword", "oauth_client_secret", "scram_client_key", "scram_server_key")


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


def libpq_arguments(settings):
    """(conninfo without the password, environment with it) of a DATABASES entry: argv is
    visible to every user of the machine, the environment is not."""
    options = settings["OPTIONS"]
    secrets = [key for key in SECRET_KEYWORDS if options.get(key)]
    if secrets:
        raise DatabaseToolFailed(
            f"OPTIONS {', '.join(secrets)} cannot be given to pg_dump or pg_restore without "
            "showing it to every user of this machine; use a service file (OPTIONS service)."
        )
    keywords = {
        key: value
        for key, value in options.items()
        if key in LIBPQ_KEYWORDS and key not in DJANGO_OPTIONS and key != "password"
    }
    # As Django connects: NAME None is the "postgres" database, "" leaves it to the service.
    given = {
        "dbname": "postgres" if settings["NAME"] is None else settings["NAME"],
        "user": settings["USER"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    keywords.update({key: value for key, value in given.items() if value})
    conninfo = make_conninfo(
        **{key: value for key, value in keywords.items() if value not in (None, "")}
    )
    environment = {**os.environ}
    password = settings["PASSWORD"] or options.get("password")
    if password:
        environment["PGPASSWORD"] = str(password)
    return conninfo, environment


def pg_dump_command(settings, target, snapshot):
    """(argv, environment) of pg_dump writing the exported `snapshot` to `target`."""
    conninfo, environment = libpq_arguments(settings)
    command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}"]
    return [*command, f"--file={target.resolve()}", f"--dbname={conninfo}"], environment


def pg_restore_command(settings, source, *, replace):
    """(argv, environment) of pg_restore loading `source`; `replace`: over tables there."""
    conninfo, environment = libpq_arguments(settings)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    # The dump is a positional argument: absolute, it cannot be read as an option.
    return [*command, "--exit-on-error", f"--dbname={conninfo}", str(source.resolve())], environment


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
    conninfo, environment = libpq_arguments(connection.settings_dict)
    password = environment.get("PGPASSWORD")
    with psycopg.connect(conninfo, password=password) as own:
        own.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        own.read_only = True
        with own.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            names = [row[0] for row in cursor.fetchall()]
            counts = _count(cursor, names, connection.ops.quote_name)
            _run(*pg_dump_command(connection.settings_dict, target, snapshot))
        own.rollback()
    return counts


def _pg_restore(connection, source, *, replace):
    _run(*pg_restore_command(connection.settings_dict, source, replace=replace))
