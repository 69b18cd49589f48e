"""What a run measures and where, from the environment (see the Makefile's `bench` target)."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

FULL_CATALOG = {"films": 100_000, "people": 200_000, "institutions": 5_000, "screenings": 1_000_000}
SMALL_CATALOG = {"films": 1_000, "people": 2_000, "institutions": 50, "screenings": 10_000}
SMOKE_CATALOG = {"films": 300, "people": 600, "institutions": 15, "screenings": 3_000}
SEED = 1


@dataclass(frozen=True)
class Knobs:
    smoke: bool
    database_url: str
    small_database_url: str  # the 1k-film catalog whose query counts are compared; "" for none
    redis_url: str
    catalog: dict
    seconds: int  # per wrk measurement
    rounds: int
    connections: int
    workers: int
    granian_threads: int
    search_requests: int  # in-process requests per search kind for the database time
    search_budget_seconds: float  # per kind, so a slow search cannot stall the run
    slow_seconds: float  # a page slower than this (one request, in process) is not put under load
    mix_max_rps: int  # an upper bound on a mix's req/s: its files hold seconds x this a round
    output: Path
    logs: Path  # the servers' output


def from_environment(environ=os.environ):
    smoke = environ.get("BENCH_SMOKE", "") not in ("", "0")
    if smoke:
        output = Path(tempfile.gettempdir()) / "bench-smoke-performance.md"
    else:
        output = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
    database_name = "bench_smoke" if smoke else "bench"
    return Knobs(
        smoke=smoke,
        database_url=environ.get(
            "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database_name}"
        ),
        small_database_url=environ.get(
            "BENCH_SMALL_DATABASE_URL",
            "" if smoke else "postgres://postgres@127.0.0.1:5432/bench_small",
        ),
        redis_url=environ.get("BENCH_REDIS_URL", f"redis://127.0.0.1:6379/{6 if smoke else 5}"),
        catalog=SMOKE_CATALOG if smoke else FULL_CATALOG,
        # Five rounds of 3 s rather than three of 5 s, for the same time: the machine's speed
        # drifts by a quarter within seconds (the film list at 1,285-1,993 req/s in one run), so
        # finer interleaving and more rounds give each pair's two sides steadier medians.
        seconds=int(environ.get("BENCH_SECONDS", 1 if smoke else 3)),
        rounds=int(environ.get("BENCH_ROUNDS", 1 if smoke else 5)),
        connections=int(environ.get("BENCH_CONNECTIONS", 4 if smoke else 16)),
        workers=int(environ.get("BENCH_WORKERS", 2)),
        # 2: the film list did best with 2 blocking threads per worker (33-36 req/s) against 1
        # (17-31) and 4 (22-33) in a side test; a thread waiting on PostgreSQL lets another run.
        granian_threads=int(environ.get("BENCH_GRANIAN_THREADS", 2)),
        search_requests=int(environ.get("BENCH_SEARCH_REQUESTS", 5 if smoke else 100)),
        search_budget_seconds=float(environ.get("BENCH_SEARCH_BUDGET", 60)),
        slow_seconds=float(environ.get("BENCH_SLOW_SECONDS", 10)),
        # Generous: a third of /healthz's rate and 20 times that of uncached detail pages on this
        # machine (docs/performance.md), so the crawler, each of whose requests misses the page
        # cache, never runs out of new paths (wrk would say so: the mix's `wraps`).
        mix_max_rps=int(environ.get("BENCH_MIX_MAX_RPS", 2000)),
        output=Path(environ.get("BENCH_OUTPUT", output)),
        logs=Path(tempfile.gettempdir()) / ("bench-smoke-logs" if smoke else "bench-logs"),
    )
