"""The issue's targets, measured: one TARGET line each."""

from bench.report import Target, percentile

DETAIL_PAGES = ["film", "person", "institution", "film_week"]
LIST_PAGES = ["film_list", "film_list_deep", "members", "schedule"]  # and every search


def _ratio(pairs, label):
    pair = next((pair for pair in pairs if pair.label == label), None)
    return None if pair is None or pair.skipped else pair.ratio


def _most_queries(queries, names):
    """The largest count; None (a MISS) when a page of the group could not be counted."""
    counts = [queries[name] for name in names if name in queries]
    return None if None in counts else max(counts)


def _constant(queries, small_queries):
    if small_queries is None:
        return None  # no small catalog given: SKIP
    if None in queries.values() or None in small_queries.values():
        return None  # a page could not be counted: MISS
    return float(all(small_queries.get(name) == count for name, count in queries.items()))


def measure(pairs, inside, small_queries, memory):
    queries = inside["queries"]
    lists = [name for name in queries if name in LIST_PAGES or name.startswith("search_")]
    ratio = {label: _ratio(pairs, label) for label in [pair.label for pair in pairs]}
    return [
        Target("film_list_uncached_vs_healthz", ratio.get("film_list (uncached)"), ">=", 0.25),
        Target("film_list_cached_vs_healthz", ratio.get("film_list (cached)"), ">=", 0.80),
        Target("deep_page_vs_page1", ratio.get("film_list_deep"), ">=", 0.90),
        *[
            Target(
                f"search_db_p95_ms_{kind}", percentile(samples, 95) if samples else None, "<=", 5
            )  # fmt: skip
            for kind, samples in inside["search_db_ms"].items()
        ],
        Target("queries_list_max", _most_queries(queries, lists), "<=", 6, 0),
        Target("queries_detail_max", _most_queries(queries, DETAIL_PAGES), "<=", 4, 0),
        Target(
            "queries_constant",
            _constant(queries, small_queries),
            "==",
            1,
            0,
            unmeasured="SKIP" if small_queries is None else "MISS",
        ),  # fmt: skip
        Target("worker_peak_mb", max(memory.values()), "<=", 150, 1),
    ]
