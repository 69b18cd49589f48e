"""The pure parts of `make bench` (bench/): reading wrk, medians and ratios of interleaved pairs,
the TARGET lines, the knobs. No server, no network."""

from pathlib import Path

import pytest

from bench import document, knobs, targets, wrk
from bench.report import MixRun, Pair, Target, percentile, text_table
from bench.saver import Saves

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/healthz
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.81ms    3.54ms  18.12ms   75.57%
    Req/Sec   705.18    201.20     0.95k    72.73%
  Latency Distribution
     50%  812.00us
     75%    7.60ms
     90%   10.61ms
     99%    1.20s
  773 requests in 1.10s, 788.25KB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    702.19
Transfer/sec:    716.04KB
"""


def result(requests_per_second, p50_ms=1.0, p99_ms=2.0):
    return wrk.WrkResult(requests_per_second, p50_ms, p99_ms)


def test_wrk_parse_reads_rate_latencies_in_milliseconds_and_errors():
    parsed = wrk.parse(WRK_OUTPUT)

    assert parsed == wrk.WrkResult(
        requests_per_second=702.19, p50_ms=0.812, p99_ms=1200.0, non_2xx_3xx=7, socket_errors=5
    )
    assert parsed.errors == 12


def test_wrk_parse_without_error_lines_counts_no_errors():
    clean = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )

    assert wrk.parse(clean).errors == 0


def test_wrk_parse_reads_the_paths_mix_lua_sent_and_its_wraps():
    replayed = WRK_OUTPUT + "Mix paths: 812 sent, 2 wraps\n"

    parsed = wrk.parse(replayed)

    assert (parsed.paths_sent, parsed.paths_wrapped) == (812, 2)


def test_wrk_parse_without_latency_distribution_raises():
    without_latency = WRK_OUTPUT.replace("50%", "xx%")

    with pytest.raises(ValueError, match="50% latency"):
        wrk.parse(without_latency)


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))

    assert (percentile(values, 50), percentile(values, 95), percentile([7.0], 95)) == (50, 95, 7.0)


def test_pair_ratio_is_median_of_per_round_ratios():
    pair = Pair("film_list", "film_list", "healthz", "granian")
    pair.page_runs = [result(100, p50_ms=10), result(300, p50_ms=30), result(120, p50_ms=20)]
    pair.reference_runs = [result(1000), result(1000), result(400)]

    assert (pair.page_rps, pair.reference_rps, pair.ratio, pair.p50_ms) == (120, 1000, 0.3, 20)


@pytest.mark.parametrize(
    ("target", "line"),
    [
        (Target("deep_page", 0.934, ">=", 0.9), "TARGET deep_page 0.93 >=0.90 PASS"),
        (Target("cached", 0.5, ">=", 0.8), "TARGET cached 0.50 >=0.80 MISS"),
        (Target("queries", 6, "<=", 6, 0), "TARGET queries 6 <=6 PASS"),
        (Target("memory", 151.25, "<=", 150, 1), "TARGET memory 151.2 <=150.0 MISS"),
        (Target("constant", None, "==", 1, 0, "SKIP"), "TARGET constant n/a ==1 SKIP"),
        (Target("search", None, "<=", 5), "TARGET search n/a <=5.00 MISS"),
    ],
)
def test_target_line_states_measure_goal_and_verdict(target, line):
    assert target.line() == line


def test_text_table_aligns_columns_and_appends_extra_cells():
    table = text_table(("page", "req/s"), [("healthz", "2000.0"), ("film", "9.5", "3 errors")])

    assert table.splitlines() == ["page     req/s", "healthz  2000.0", "film     9.5     3 errors"]


def test_knobs_smoke_uses_its_own_database_short_runs_and_a_temporary_report():
    smoke = knobs.from_environment({"BENCH_SMOKE": "1"})

    assert (smoke.database_url, smoke.redis_url, smoke.rounds, smoke.seconds) == (
        "postgres://postgres@127.0.0.1:5432/bench_smoke",
        "redis://127.0.0.1:6379/6",
        1,
        1,
    )
    assert smoke.output.parent != Path(knobs.__file__).resolve().parent.parent / "docs"


def test_knobs_size_the_mixes_for_2000_requests_a_second_unless_told():
    assert (
        knobs.from_environment({}).mix_max_rps,
        knobs.from_environment({"BENCH_MIX_MAX_RPS": "500"}).mix_max_rps,
    ) == (2000, 500)


def test_knobs_default_run_measures_the_full_catalog_into_the_docs():
    full = knobs.from_environment({})

    assert (full.database_url, full.catalog["films"], full.rounds, full.output.name) == (
        "postgres://postgres@127.0.0.1:5432/bench",
        100_000,
        5,
        "performance.md",
    )


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "postgres://postgres@127.0.0.1:5432/bench_small"),
        ({"BENCH_SMOKE": "1"}, ""),
        ({"BENCH_SMALL_DATABASE_URL": ""}, ""),
    ],
)
def test_knobs_compare_query_counts_with_a_small_catalog_unless_smoke_or_turned_off(
    environment, expected
):
    assert knobs.from_environment(environment).small_database_url == expected


def measured_pair(label, page_rps, reference_rps):
    pair = Pair(label, label, "healthz", "granian")
    pair.page_runs, pair.reference_runs = [result(page_rps)], [result(reference_rps)]
    return pair


def inside(queries, search_db_ms=None):
    return {"queries": queries, "search_db_ms": search_db_ms or {}, "slow": {}}


def mix_run(name, page_rps, healthz_rps, saves=None, **figures):
    pair = Pair(f"{name} mix", name, "healthz", "granian PAGE_CACHE=1")
    pair.page_runs = [wrk.WrkResult(page_rps, 5.0, 50.0, **figures)]
    pair.reference_runs = [result(healthz_rps)]
    return MixRun(name, pair, {"film": 70, "home": 30}, {"film": 700, "home": 300}, saves)


QUERIES = {"film_list": 5, "film": 4}
COLD_MS = {
    "film": 7.0,
    "person": 8.0,
    "institution": 6.5,
    "search": 12.0,
    "film_week": 14.0,
    "members": 15.0,
    "alliance": 9.0,
    "home": 3.0,
    "schedule": 24.9,
    "film_list": 11.0,
    "api_film": 4.5,
    "api_film_list": 9.0,
}


def test_targets_read_ratios_search_times_query_counts_memory_mixes_and_cold_pages():
    pairs = [
        measured_pair("film_list (uncached)", 300, 1000),
        measured_pair("film_list (cached)", 900, 1000),
        measured_pair("api_film_list (uncached)", 150, 1000),
        measured_pair("film_list_deep", 270, 300),
    ]
    queries = {"film_list": 5, "search_en": 2, "film": 4, "person": 3}
    mixes = [
        mix_run("crawler", 60, 1000, paths_sent=200),
        mix_run("visitor", 500, 1000, Saves(saves=4)),
    ]

    lines = [
        target.line()
        for target in targets.measure(
            pairs,
            inside(queries, {"en": [1.0] * 19 + [9.0]}),
            None,
            {"pid 1": 120.0},
            mixes,
            COLD_MS,
            141.6,
        )
    ]

    assert lines == [
        "TARGET film_list_uncached_vs_healthz 0.30 >=0.20 PASS",
        "TARGET film_list_cached_vs_healthz 0.90 >=0.80 PASS",
        "TARGET api_film_list_uncached_vs_healthz 0.15 >=0.20 MISS",
        "TARGET deep_page_vs_page1 0.90 >=0.90 PASS",
        "TARGET search_db_p95_ms_en 1.00 <=5.00 PASS",
        "TARGET queries_constant n/a ==1 SKIP",
        "TARGET worker_peak_mb 120.0 <=150.0 PASS",
        "TARGET crawler_mix_vs_healthz 0.06 >=0.05 PASS",
        "TARGET visitor_mix_vs_healthz 0.50 >=0.40 PASS",
        "TARGET visitor_mix_errors 0 ==0 PASS",
        "TARGET visitor_mix_stale_pages 0 ==0 PASS",
        "TARGET cold_ms_film 7.0 <=8.0 PASS",
        "TARGET cold_ms_person 8.0 <=8.0 PASS",
        "TARGET cold_ms_institution 6.5 <=8.0 PASS",
        "TARGET cold_ms_search 12.0 <=15.0 PASS",
        "TARGET cold_ms_film_week 14.0 <=15.0 PASS",
        "TARGET cold_ms_members 15.0 <=15.0 PASS",
        "TARGET cold_ms_alliance 9.0 <=15.0 PASS",
        "TARGET cold_ms_home 3.0 <=15.0 PASS",
        "TARGET cold_ms_schedule 24.9 <=25.0 PASS",
        "TARGET cold_ms_api_film 4.5 <=5.0 PASS",
        "TARGET grid_ms 142 <=150 PASS",
    ]


@pytest.mark.parametrize(
    ("grid_ms", "line"),
    [(149.6, "TARGET grid_ms 150 <=150 PASS"), (150.6, "TARGET grid_ms 151 <=150 MISS")],
)
def test_grid_target_holds_up_to_150_ms(grid_ms, line):
    assert targets.grid_target(grid_ms).line() == line


def test_grid_section_states_what_was_measured_the_median_and_the_goal():
    grid = {"median_ms": 141.64, "runs": 15, "screenings": 300, "venues": 12}

    section = document.grid_section(grid)

    assert section.startswith("## Programme grid in process\n\nThe back office's programme grid")
    assert "300 screenings in 12 venues" in section
    assert "median of 15 requests" in section
    assert section.endswith("| Programme grid | 141.6 | 150 |")


def test_grid_section_without_a_measure_says_so():
    assert document.grid_section(None).endswith("Not measured in this run.")


def mix_targets(mixes):
    measured = targets.measure([], inside(QUERIES), None, {"pid": 1.0}, mixes, COLD_MS)
    return {target.name: target.line() for target in measured if "_mix_" in target.name}


def test_targets_visitor_mix_errors_add_non_2xx_socket_errors_and_failed_saves():
    visitor = mix_run(
        "visitor", 500, 1000, Saves(saves=3, errors=2), non_2xx_3xx=4, socket_errors=1
    )

    lines = mix_targets([visitor])

    assert lines["visitor_mix_errors"] == "TARGET visitor_mix_errors 7 ==0 MISS"


def test_targets_visitor_mix_stale_pages_miss_when_a_page_was_stale_or_nothing_was_saved():
    stale = mix_targets([mix_run("visitor", 500, 1000, Saves(saves=3, stale=1))])
    unsaved = mix_targets([mix_run("visitor", 500, 1000, Saves(saves=0, errors=1))])

    assert (stale["visitor_mix_stale_pages"], unsaved["visitor_mix_stale_pages"]) == (
        "TARGET visitor_mix_stale_pages 1 ==0 MISS",
        "TARGET visitor_mix_stale_pages n/a ==0 MISS",
    )


def test_targets_crawler_that_started_its_paths_over_is_not_measured():
    crawler = mix_run("crawler", 300, 1000, paths_sent=900, paths_wrapped=1)

    lines = mix_targets([crawler])

    assert lines["crawler_mix_vs_healthz"] == "TARGET crawler_mix_vs_healthz n/a >=0.05 MISS"


def test_targets_cold_page_over_its_goal_or_too_slow_misses():
    cold = {**COLD_MS, "film": 8.05, "schedule": None}

    measured = targets.measure([], inside(QUERIES), None, {"pid": 1.0}, [], cold)

    lines = {target.name: target.line() for target in measured}
    assert (lines["cold_ms_film"], lines["cold_ms_schedule"]) == (
        "TARGET cold_ms_film 8.1 <=8.0 MISS",
        "TARGET cold_ms_schedule n/a <=25.0 MISS",
    )


def test_mix_run_sums_paths_sent_wraps_and_errors_over_rounds():
    visitor = mix_run("visitor", 500, 1000, Saves(saves=2, errors=1), paths_sent=10, non_2xx_3xx=2)
    visitor.pair.page_runs.append(wrk.WrkResult(400, 5.0, 60.0, paths_sent=7, paths_wrapped=1))

    assert (visitor.paths, visitor.paths_sent, visitor.wraps, visitor.errors) == (1000, 17, 1, 3)


def test_mix_section_states_shares_paths_figures_and_saves():
    visitor = mix_run("visitor", 500, 1000, Saves(saves=5, stale=1, problems=["/en/ is stale"]))

    section = document.mix_section(visitor)

    assert section.startswith("## Visitor mix (granian PAGE_CACHE=1)\n\nWithin each page type")
    assert "- Shares of the requests (paths of each type in the file): film 70% (700), " in section
    assert "- 500.0 req/s, /healthz 1000.0 req/s: ratio 0.500; p50 5.00 ms, p99 50.00 ms" in section
    assert section.endswith("- Saves: 5; stale pages: 1; save errors: 0\n  - /en/ is stale")


def test_targets_without_a_measure_miss_never_pass():
    skipped = Pair("film_list (uncached)", "film_list", "healthz", "granian", skipped="slow")
    queries = {"film_list": None, "film": 4}

    verdicts = {
        target.name: target.verdict
        for target in targets.measure(
            [skipped], inside(queries, {"zh2": []}), {"film_list": 5, "film": 4}, {"pid": 1.0}
        )
    }

    assert verdicts == {
        "film_list_uncached_vs_healthz": "MISS",
        "film_list_cached_vs_healthz": "MISS",
        "api_film_list_uncached_vs_healthz": "MISS",
        "deep_page_vs_page1": "MISS",
        "search_db_p95_ms_zh2": "MISS",
        "queries_constant": "MISS",
        "worker_peak_mb": "PASS",
        "crawler_mix_vs_healthz": "MISS",
        "visitor_mix_vs_healthz": "MISS",
        "visitor_mix_errors": "MISS",
        "visitor_mix_stale_pages": "MISS",
        **{f"cold_ms_{page}": "MISS" for page in targets.COLD_GOALS_MS},
        "grid_ms": "MISS",
    }


def constant_target(queries, small_queries):
    measured = targets.measure([], inside(queries), small_queries, {"pid": 1.0})
    return next(target for target in measured if target.name == "queries_constant")


def test_targets_queries_constant_compares_small_and_big_catalogs():
    queries = {"film_list": 5, "film": 4}

    same = constant_target(queries, {"film_list": 5, "film": 4})
    differ = constant_target(queries, {"film_list": 5, "film": 3})

    assert (same.line(), differ.line()) == (
        "TARGET queries_constant 1 ==1 PASS",
        "TARGET queries_constant 0 ==1 MISS",
    )
