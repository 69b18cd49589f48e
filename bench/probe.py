"""Measurements inside Django, printed as JSON for bench.run.

`python -m bench.probe rows`: row counts of the catalog.
`python -m bench.probe pages N BUDGET SLOW`: the measured paths, queries per page (one request
of each, after a warm-up one), the pages slower than SLOW seconds (statements are cancelled
after that long), and for every search kind the database time of up to N requests (stopping
after BUDGET seconds per kind), in milliseconds.
`python -m bench.probe grid`: the programme grid's median time in process (bench/grid.py).
`python -m bench.probe cold N SLOW`: the median time in process of each page type (N requests
on a few of its pages) with the caches empty, in milliseconds; None for a type one of whose
requests took longer than SLOW seconds.
"""

import io
import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from psycopg.errors import QueryCanceled  # noqa: E402

from alliance.models import Institution, Membership  # noqa: E402
from bench.grid import measured_in_transaction  # noqa: E402
from config.management.commands.bench_mixes import sample_paths  # noqa: E402
from filmweek.models import Credit, Film, FilmWeek, Person  # noqa: E402
from screenings.models import Screening  # noqa: E402

COUNTED = [Film, Person, Institution, Screening, Credit, FilmWeek, Membership]
COLD_PAGES = [
    "film",
    "person",
    "institution",
    "search",
    "film_week",
    "members",
    "alliance",
    "home",
    "schedule",
    "film_list",
    "api_film",
    "api_film_list",
]
COLD_RECORDS = 5  # different pages of each type, asked for in turn
# The process's own store in front of the shared cache; the restructuring under way may move it.


def rows():
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    counts["synthetic films"] = Film.objects.filter(slug__startswith="syn-").count()
    return counts


def measured_paths():
    out = io.StringIO()
    call_command("bench_urls", stdout=out)
    return json.loads(out.getvalue())


def timed_request(client, path):
    """(database milliseconds, query count) of one request; fails unless it answers 200."""
    database_seconds = 0.0

    def timer(execute, sql, params, many, context):
        nonlocal database_seconds
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database_seconds += time.perf_counter() - started

    with connection.execute_wrapper(timer), CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return database_seconds * 1000, len(queries)


def bound_statements(milliseconds):
    """Cancel any statement slower than the given time, so one pathological page costs the run
    seconds rather than minutes."""

    def set_timeout(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(milliseconds)}")

    connection_created.connect(set_timeout, weak=False)


def first_request(client, path, slow_seconds):
    """(query count, None) of a page, or (None, seconds) when one request is slower than
    slow_seconds: such a page is reported, not measured under load."""
    started = time.perf_counter()
    try:
        timed_request(client, path)  # warm-up: connection, first-use caches
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return None, time.perf_counter() - started
    seconds = time.perf_counter() - started
    if seconds > slow_seconds:
        return None, seconds
    return timed_request(client, path)[1], None


def pages(requests, budget_seconds, slow_seconds):
    bound_statements(slow_seconds * 1000)
    client = Client()
    paths = measured_paths()
    queries, slow, search_ms = {}, {}, {}
    for name, path in paths.items():
        if name == "healthz":
            continue
        queries[name], seconds = first_request(client, path, slow_seconds)
        if seconds is not None:
            slow[name] = seconds
        if name.startswith("search_"):
            started = time.monotonic()
            samples = []
            while (
                name not in slow
                and len(samples) < requests
                and time.monotonic() - started < budget_seconds
            ):
                samples.append(timed_request(client, path)[0])
            search_ms[name.removeprefix("search_")] = samples
    return {"paths": paths, "queries": queries, "slow": slow, "search_db_ms": search_ms}


def cold_milliseconds(client, path):
    """One request with the cache emptied first; fails unless it answers 200."""
    cache.clear()
    started = time.perf_counter()
    response = client.get(path)
    milliseconds = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return milliseconds


def cold(requests, slow_seconds):
    if settings.DEBUG or settings.PAGE_CACHE:
        raise SystemExit("The cold measure needs DEBUG and PAGE_CACHE off.")
    bound_statements(slow_seconds * 1000)
    client = Client()
    paths = sample_paths(COLD_PAGES, COLD_RECORDS)
    client.get("/healthz")  # loads the URLconf and the middleware: the site's modules
    medians = {}
    for kind in COLD_PAGES:
        try:
            client.get(paths[kind][0])  # warm-up: the connection, templates, first imports
            samples = [
                cold_milliseconds(client, paths[kind][number % len(paths[kind])])
                for number in range(requests)
            ]
            medians[kind] = statistics.median(samples)
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            medians[kind] = None
    return {"ms": medians, "paths": paths, "requests": requests}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "rows":
        json.dump(rows(), sys.stdout)
    elif command == "grid":
        json.dump(measured_in_transaction(), sys.stdout)
    elif command == "cold":
        requests, slow_seconds = arguments
        json.dump(cold(int(requests), float(slow_seconds)), sys.stdout, ensure_ascii=False)
    else:
        requests, budget_seconds, slow_seconds = arguments
        answer = pages(int(requests), float(budget_seconds), float(slow_seconds))
        json.dump(answer, sys.stdout, ensure_ascii=False)
