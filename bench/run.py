"""`make bench`: prepare the database, pick the faster server on /healthz, measure every pair
of pages alternately, then the two URL mixes (bench/mixes.py), report (see issue 7, and
docs/performance.md for the last full run)."""

import os
import shutil
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from urllib.parse import quote

import redis

from bench import database, document, mixes, servers, targets, wrk
from bench.knobs import SEED, SMALL_CATALOG, from_environment
from bench.progress import say
from bench.report import TABLE_HEADER, MixRun, Pair, table_rows, text_table

COLD_REQUESTS = 15  # per page type, on a few of its pages


def load(url, knobs, replay=None, round_number=1):
    """One wrk run; with a replay, of its file's slice for the round, while its saver works."""
    if replay is None:
        result = wrk.run(url, knobs.seconds, knobs.connections)
    else:
        with replay.during():
            result = wrk.run(url, knobs.seconds, knobs.connections, replay.script(round_number))
    servers.settle(url)
    if result.errors:
        say(
            f"  WARNING {url}: {result.non_2xx_3xx} non-2xx/3xx responses, "
            f"{result.socket_errors} socket errors (server logs in {knobs.logs})"
        )
    return result


def measure_pair(pair, page_url, reference_url, knobs, replay=None):
    """A, B, A, B...: both sides see the same moments of the shared machine. With a replay
    (a mix), the page side replays its paths."""
    for round_number in range(1, knobs.rounds + 1):
        pair.page_runs.append(load(page_url, knobs, replay, round_number))
        pair.reference_runs.append(load(reference_url, knobs))
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
        ("api_film_list (uncached)", "api_film_list", "healthz"),
        ("api_film", "api_film", "healthz"),
    ]
    if knobs.smoke:  # one page of each kind: the smoke run checks the script, not the pages
        kept = ("film_list", "film_list_deep", "film", searches[0], "api_film_list", "api_film")
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


def peak_memory(*running):
    return {
        f"{each.label} pid {pid}": servers.peak_memory_mb(pid)
        for each in running
        for pid in servers.workers(each)
    }


def measure_mixes(server, files, knobs):
    """Each mix against /healthz, on the server with the page cache, emptied first so that no
    page the crawler asks for is in it."""
    redis.Redis.from_url(knobs.redis_url).flushdb()
    runs = []
    for name, replay in mixes.replays(files, server.port).items():
        say(f"The {name} mix on {server.label}")
        if replay.same_slice:
            failed = mixes.warm_up(replay, server.port)
            say(f"  warmed the cache with {len(replay.paths())} paths")
            if failed:
                say(f"  WARNING {len(failed)} paths did not answer 200, e.g. {failed[:3]}")
        if replay.saver:
            replay.saver.log_in()  # before the rounds: a password hash is no save's work
        pair = Pair(f"{name} mix", name, "healthz", server.label)
        measure_pair(pair, server.url("/"), server.url("/healthz"), knobs, replay)
        saves = replay.saver.counts if replay.saver else None
        counts = files.summary["counts"][name]
        run = MixRun(name, pair, files.summary["shares"], counts, saves)
        if saves:
            say(f"  {saves.saves} saves, {saves.stale} stale pages, {saves.errors} save errors")
        if run.wraps:
            say(f"  WARNING {name}: a round ran out of paths, raise BENCH_MIX_MAX_RPS")
        runs.append(run)
    return runs


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
    say("Page times in process with empty caches")
    cold = database.probe(environment, "cold", str(COLD_REQUESTS), str(knobs.slow_seconds))
    say("The programme grid in process")
    grid = database.probe(environment, "grid")
    say("URL mixes")
    mix_files = mixes.write(environment, knobs)
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
    memory = peak_memory(server, cached_server)  # of the pages alone: the target's
    mix_runs = measure_mixes(cached_server, mix_files, knobs)
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
        mix_memory=peak_memory(cached_server),
        mixes=mix_runs,
        cold=cold,
        grid=grid,
        targets=targets.measure(
            pairs, inside, small_queries, memory, mix_runs, cold["ms"], grid["median_ms"]
        ),
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
    print()
    print(text_table(document.MIX_HEADER, document.mix_rows(facts.mixes)))
    print(f"\nWrote {knobs.output}; the run took {time.monotonic() - started:.0f} s")
    for target in facts.targets:
        print(target.line())
    return 0
