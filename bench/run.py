"""`make bench`: prepare the database, pick the faster server on /healthz, measure every pair
of pages alternately, report (see issue 7, and docs/performance.md for the last full run)."""

import os
import shutil
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from urllib.parse import quote

import redis

from bench import database, document, servers, targets, wrk
from bench.knobs import SEED, SMALL_CATALOG, from_environment
from bench.progress import say
from bench.report import TABLE_HEADER, Pair, table_rows, text_table


def measure_pair(pair, page_url, reference_url, knobs):
    """A, B, A, B...: both sides see the same moments of the shared machine."""
    for round_number in range(1, knobs.rounds + 1):
        for runs, url in ((pair.page_runs, page_url), (pair.reference_runs, reference_url)):
            result = wrk.run(url, knobs.seconds, knobs.connections)
            servers.settle(url)
            runs.append(result)
            if result.errors:
                say(
                    f"  WARNING {url}: {result.non_2xx_3xx} non-2xx/3xx responses, "
                    f"{result.socket_errors} socket errors (server logs in {knobs.logs})"
                )
        if not pair.reference_runs[-1].requests_per_second:
            raise RuntimeError(f"{reference_url}: no response within {knobs.seconds} s")
        say(
            f"  {pair.label} round {round_number}: {pair.page_runs[-1].requests_per_second:.1f}"
            f" vs {pair.reference} {pair.reference_runs[-1].requests_per_second:.1f} req/s"
        )
    return pair


def warm_up(server, paths, knobs):
    """Fail loudly on a page that does not answer 200; then give each page a first pass so no
    round pays for cold database buffers or an empty page cache."""
    for path in paths:
        status = servers.status_of(server.port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} on {server.label}, not 200")
        if not knobs.smoke:
            wrk.run(server.url(path), 1, knobs.connections)
            servers.settle(server.url(path))


def plan(paths, knobs):
    """(label, page, reference) of every pair measured on the uncached server."""
    searches = [name for name in paths if name.startswith("search_")]
    steps = [
        ("film_list (uncached)", "film_list", "healthz"),
        ("film_list_deep", "film_list_deep", "film_list"),
        *[(name, name, "film_list") for name in searches],
        *[(name, name, "healthz") for name in [*targets.DETAIL_PAGES, "schedule", "members"]],
    ]
    if knobs.smoke:  # one page of each kind: the smoke run checks the script, not the pages
        kept = ("film_list", "film_list_deep", "film", searches[0])
        steps = [step for step in steps if step[1] in kept]
    return steps


def measure_pages(server, cached_server, paths, slow, knobs):
    """Every pair; a pair with a page slower than knobs.slow_seconds is listed, not measured
    (16 connections on a page of minutes would keep the workers busy long after wrk)."""
    steps = [(server, *step) for step in plan(paths, knobs)]
    steps.append((cached_server, "film_list (cached)", "film_list", "healthz"))
    warm_up(server, [path for name, path in paths.items() if name not in slow], knobs)
    warm_up(
        cached_server, [paths[name] for name in ("film_list", "healthz") if name not in slow], knobs
    )
    pairs = []
    for on, label, page, reference in steps:
        pair = Pair(label, page, reference, on.label)
        too_slow = [name for name in (page, reference) if name in slow]
        if too_slow:
            pair.skipped = ", ".join(
                f"one {name} request took {slow[name]:.0f} s (limit {knobs.slow_seconds:.0f} s)"
                for name in too_slow
            )
            say(f"  {label}: not measured, {pair.skipped}")
        else:
            measure_pair(pair, on.url(paths[page]), on.url(paths[reference]), knobs)
        pairs.append(pair)
    return pairs


def choose_server(start, knobs):
    candidates = {kind: start(kind, kind, "0") for kind in ("granian", "gunicorn")}
    say("Server choice: /healthz on Granian vs gunicorn")
    choice = Pair("healthz (Granian vs gunicorn)", "granian", "gunicorn", "both")
    measure_pair(
        choice, candidates["granian"].url("/healthz"), candidates["gunicorn"].url("/healthz"), knobs
    )
    winner, loser = ("granian", "gunicorn") if choice.ratio >= 1 else ("gunicorn", "granian")
    servers.stop(candidates[loser])
    return candidates[winner], choice


def run(knobs, scratch, running):
    environment = database.django_environment(
        knobs.database_url, knobs.redis_url, f"{scratch}/static", PAGE_CACHE="0"
    )
    say(f"Database {knobs.database_url}: migrate, generate if empty")
    generation_seconds = database.prepare(environment, knobs.catalog, SEED)
    say("collectstatic")
    database.manage(environment, "collectstatic", "--no-input", "-v0")
    small_queries = None
    if knobs.small_database_url:
        say(f"Small database {knobs.small_database_url}: migrate, generate if empty")
        small_environment = {**environment, "DATABASE_URL": knobs.small_database_url}
        database.prepare(small_environment, SMALL_CATALOG, SEED)
        small_queries = database.probe(
            small_environment, "pages", "0", "0", str(knobs.slow_seconds)
        )["queries"]
    say("Queries per page and search database time, in process")
    inside = database.probe(
        environment, "pages", str(knobs.search_requests), str(knobs.search_budget_seconds),
        str(knobs.slow_seconds),
    )  # fmt: skip
    redis.Redis.from_url(knobs.redis_url).flushdb()  # no page cached by an earlier run or code

    def start(kind, label, page_cache):
        server = servers.start(
            kind, label, {**environment, "PAGE_CACHE": page_cache},
            knobs.workers, knobs.granian_threads, knobs.logs,
        )  # fmt: skip
        running.callback(servers.stop, server)
        return server

    server, choice = choose_server(start, knobs)
    cached_server = start(server.kind, f"{server.kind} PAGE_CACHE=1", "1")
    say(f"Pages on {server.kind}")
    paths = {name: quote(path, safe="/?&=%") for name, path in inside["paths"].items()}
    pairs = [choice, *measure_pages(server, cached_server, paths, inside["slow"], knobs)]
    memory = {
        f"{each.label} pid {pid}": servers.peak_memory_mb(pid)
        for each in (server, cached_server)
        for pid in servers.workers(each)
    }
    return document.Facts(
        knobs=knobs,
        server=servers.describe(server.kind, knobs.workers, knobs.granian_threads),
        server_kind=server.kind,
        rows=database.probe(environment, "rows"),
        postgres=database.server_version(knobs.database_url),
        generation_seconds=generation_seconds,
        pairs=pairs,
        inside=inside,
        small_queries=small_queries,
        memory=memory,
        targets=targets.measure(pairs, inside, small_queries, memory),
    )


def main():
    started = time.monotonic()
    knobs = from_environment()
    # Exit through the finally blocks on SIGTERM too, so the servers are stopped.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    shutil.rmtree(knobs.logs, ignore_errors=True)
    knobs.logs.mkdir()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch, ExitStack() as running:
        facts = run(knobs, scratch, running)
    os.makedirs(knobs.output.parent, exist_ok=True)
    knobs.output.write_text(document.markdown(facts))
    print()
    print(text_table(TABLE_HEADER, table_rows(facts.pairs)))
    print(f"\nWrote {knobs.output}; the run took {time.monotonic() - started:.0f} s")
    for target in facts.targets:
        print(target.line())
    return 0
