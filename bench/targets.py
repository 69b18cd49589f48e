"""The issue's targets, measured: one TARGET line each."""

from bench.report import Target, percentile

DETAIL_PAGES = ["film", "person", "institution", "film_week"]
# Median milliseconds of a page rendered in process with empty caches (bench/probe.py cold).
COLD_GOALS_MS = {
    "film": 8,
    "person": 8,
    "institution": 8,
    "search": 15,
    "film_week": 15,
    "members": 15,
    "alliance": 15,
    "home": 15,
    "schedule": 25,
    "api_film": 5,
}


GRID_GOAL_MS = 150  # the programme grid of 300 screenings in 12 venues (bench/grid.py)


def grid_target(median_ms):
    return Target("grid_ms", median_ms, "<=", GRID_GOAL_MS, 0)


def _ratio(pairs, label):
    pair = next((pair for pair in pairs if pair.label == label), None)
    return None if pair is None or pair.skipped else pair.ratio


def _constant(queries, small_queries):
    if small_queries is None:
        return None  # no small catalog given: SKIP
    if None in queries.values() or None in small_queries.values():
        return None  # a page could not be counted: MISS
    return float(all(small_queries.get(name) == count for name, count in queries.items()))


def _mix_targets(mixes):
    found = {mix.name: mix for mix in mixes}
    crawler, visitor = found.get("crawler"), found.get("visitor")
    # A crawler that started its paths over asked for cached pages: its figure is no crawl's.
    crawled = crawler.pair.ratio if crawler and not crawler.wraps else None
    checked = visitor and visitor.saves.saves
    return [
        Target("crawler_mix_vs_healthz", crawled, ">=", 0.05),
        Target("visitor_mix_vs_healthz", visitor.pair.ratio if visitor else None, ">=", 0.40),
        Target("visitor_mix_errors", visitor.errors if visitor else None, "==", 0, 0),
        Target("visitor_mix_stale_pages", visitor.saves.stale if checked else None, "==", 0, 0),
    ]


def measure(pairs, inside, small_queries, memory, mixes=(), cold_ms=None, grid_ms=None):
    """The TARGET lines; mixes: MixRun of each mix measured; cold_ms: page type: median ms;
    grid_ms: the programme grid's median ms."""
    queries = inside["queries"]
    ratio = {label: _ratio(pairs, label) for label in [pair.label for pair in pairs]}
    cold_ms = cold_ms or {}
    return [
        Target("film_list_uncached_vs_healthz", ratio.get("film_list (uncached)"), ">=", 0.20),
        Target("film_list_cached_vs_healthz", ratio.get("film_list (cached)"), ">=", 0.80),
        Target(
            "api_film_list_uncached_vs_healthz", ratio.get("api_film_list (uncached)"), ">=", 0.20
        ),
        Target("deep_page_vs_page1", ratio.get("film_list_deep"), ">=", 0.90),
        *[
            Target(
                f"search_db_p95_ms_{kind}", percentile(samples, 95) if samples else None, "<=", 5
            )  # fmt: skip
            for kind, samples in inside["search_db_ms"].items()
        ],
        Target(
            "queries_constant",
            _constant(queries, small_queries),
            "==",
            1,
            0,
            unmeasured="SKIP" if small_queries is None else "MISS",
        ),  # fmt: skip
        Target("worker_peak_mb", max(memory.values()), "<=", 150, 1),
        *_mix_targets(mixes),
        *[
            Target(f"cold_ms_{page}", cold_ms.get(page), "<=", goal, 1)
            for page, goal in COLD_GOALS_MS.items()
        ],
        grid_target(grid_ms),
    ]
