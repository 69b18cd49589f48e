"""The database a run measures: created if missing, migrated, filled once with the catalog."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from bench.progress import say

PROJECT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-secret-key-never-used-elsewhere"  # noqa: S105


def django_environment(database_url, redis_url, static_root, **extra):
    """The production settings: DEBUG off, persistent connections, the Redis cache."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "600",
        "STATIC_ROOT": str(static_root),
        # wrk asks from one address: a rate it never reaches, so that the API's pages are
        # measured with their limit counted, as in production, and never refused.
        "API_RATE_ANON": "1000000/second",
        **extra,
    }


def manage(environment, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=PROJECT, env=environment, check=True
    )


def probe(environment, *arguments):
    """Run bench.probe in its own Django process and return its JSON answer."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.probe", *arguments],
        cwd=PROJECT,
        env=environment,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(finished.stdout)


def create_if_missing(database_url):
    settings = conninfo_to_dict(database_url)
    name = settings.pop("dbname")
    with psycopg.connect(**settings, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            say(f"Created database {name}")


def server_version(database_url):
    with psycopg.connect(database_url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def prepare(environment, catalog, seed):
    """Migrate, and generate the catalog when the database has no synthetic film yet."""
    create_if_missing(environment["DATABASE_URL"])
    manage(environment, "migrate", "--no-input", "-v0")
    if probe(environment, "rows")["synthetic films"]:
        return None
    say(f"Generating the catalog ({catalog}, seed {seed})")
    started = time.monotonic()
    sizes = [f"--{name}={count}" for name, count in catalog.items()]
    manage(environment, "generate_catalog", *sizes, f"--seed={seed}")
    seconds = time.monotonic() - started
    say(f"Generation took {seconds:.0f} s")
    return seconds
