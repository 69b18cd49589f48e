"""Visitor-like throughput: wrk replays the demo's pages (anonymous, from the page cache, as
most visitors get them) through nginx to both instances, and straight to one Granian process,
in alternating rounds (both sides see the same moments of a shared machine); the medians, for
docs/deploy.md's sizing."""

import statistics

from bench import wrk
from bench.mixes import LUA
from bench.servers import settle
from cluster import catalog
from cluster.results import Result

ROUNDS = 3
SECONDS = 3
CONNECTIONS = 8


def measure(cluster):
    """Throughput of the demo's pages: nginx and 2 instances vs 1 Granian process."""
    paths = catalog.pages(cluster)
    listing = cluster.folder / "visitor-paths.txt"
    listing.write_text("".join(f"{path}\n" for path in paths))
    script = (LUA, listing, 0, len(paths))
    urls = {
        "nginx, 2 instances": f"http://127.0.0.1:{cluster.ports.nginx}",
        "1 Granian process": f"http://127.0.0.1:{cluster.ports.web[0]}",
    }
    runs = {label: [] for label in urls}
    for url in urls.values():
        wrk.run(url, 1, CONNECTIONS, script)  # every page in the page cache first
    for _ in range(ROUNDS):
        for label, url in urls.items():
            settle(url)
            runs[label].append(wrk.run(url, SECONDS, CONNECTIONS, script))
    result = Result(f"throughput, {len(paths)} pages, {CONNECTIONS} connections")
    for label, measured in runs.items():
        rate = statistics.median(run.requests_per_second for run in measured)
        p99 = statistics.median(run.p99_ms for run in measured)
        result.counts[f"{label} req/s"] = round(rate)
        result.counts[f"{label} p99 ms"] = round(p99)
        result.checks[f"{label}: no error"] = all(run.errors == 0 for run in measured)
    return result
