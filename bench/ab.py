"""`make bench-ab OTHER=<tree>`: the visitor mix on this tree's code (A) and on another tree's
(B: a git worktree of another commit), against the same database, in alternating rounds, so
that a change is measured before and after in one run. Both trees must need the same
migrations. Each side has its own Granian server, Redis database (5 and 7) and saver; the
cache of both is warmed, then a round of each is run uncounted. Prints each round and the
medians."""

import dataclasses
import statistics
import sys
import tempfile
from pathlib import Path

import redis

from bench import database, mixes, servers, wrk
from bench.knobs import from_environment
from bench.progress import say
from bench.saver import Saver

REDIS_DATABASES = {"A": 5, "B": 7}


def start_side(label, project, environment, knobs):
    redis_url = f"redis://127.0.0.1:6379/{REDIS_DATABASES[label]}"
    redis.Redis.from_url(redis_url).flushdb()
    environment = {**environment, "PAGE_CACHE": "1", "REDIS_URL": redis_url}
    return servers.start(
        "granian", label, environment, knobs.workers, knobs.granian_threads, knobs.logs, project
    )


def replay_on(server, files):
    saver = Saver(server.port, files.summary["saves"], mixes.STAFF_USER, files.password)
    replay = mixes.Replay(files.directory / "visitor.txt", files.per_round, saver, True)
    failed = mixes.warm_up(replay, server.port)
    say(f"{server.label}: warmed {len(replay.paths())} paths, {len(failed)} not 200")
    saver.log_in()
    return replay


def one_round(server, replay, knobs):
    with replay.during():
        page = wrk.run(server.url("/"), knobs.seconds, knobs.connections, replay.script(1))
    servers.settle(server.url("/"))
    healthz = wrk.run(server.url("/healthz"), knobs.seconds, knobs.connections)
    return page, healthz


def main(other, rounds=12):
    knobs = dataclasses.replace(from_environment(), logs=Path(tempfile.mkdtemp(prefix="bench-ab-")))
    scratch = tempfile.mkdtemp(prefix="bench-ab-static-")
    environment = database.django_environment(
        knobs.database_url, knobs.redis_url, f"{scratch}/static", PAGE_CACHE="0"
    )
    database.prepare(environment, knobs.catalog, 1)
    database.manage(environment, "collectstatic", "--no-input", "-v0")
    files = mixes.write(environment, knobs)
    projects = {"A": servers.PROJECT, "B": Path(other).resolve()}
    started = []
    try:
        for label, project in projects.items():
            started.append(start_side(label, project, environment, knobs))
        replays = {server.label: (server, replay_on(server, files)) for server in started}
        # A first round each, not counted: the side warmed last would find every page cached.
        for server, replay in replays.values():
            one_round(server, replay, knobs)
        rates = {label: [] for label in projects}
        for number in range(rounds):
            for label in ("A", "B") if number % 2 == 0 else ("B", "A"):
                server, replay = replays[label]
                page, healthz = one_round(server, replay, knobs)
                rates[label].append(page.requests_per_second)
                say(
                    f"round {number} {label}: {page.requests_per_second:.1f} req/s "
                    f"(/healthz {healthz.requests_per_second:.0f}), {page.errors} errors"
                )
        for label, project in projects.items():
            saves = replays[label][1].saver.counts
            say(
                f"{label} ({project}): median {statistics.median(rates[label]):.1f} req/s, "
                f"{saves.saves} saves, {saves.stale} stale pages, {saves.errors} save errors"
            )
    finally:
        for server in started:
            servers.stop(server)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m bench.ab <other tree> [rounds]")
    sys.exit(main(sys.argv[1], *map(int, sys.argv[2:3])))
