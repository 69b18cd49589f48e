"""Visitor-like throughput: wrk replays the demo's pages (anonymous, from the page cache, as
most visitors get them) through nginx to both instances, then straight to one Granian process;
for docs/deploy.md's sizing."""

from bench import wrk
from bench.mixes import LUA
from bench.servers import settle
from cluster import catalog
from cluster.results import Result

SECONDS = 5
CONNECTIONS = 8


def measure(cluster):
    """Throughput of the demo's pages: nginx and 2 instances vs 1 Granian process."""
    paths = catalog.pages(cluster)
    listing = cluster.folder / "visitor-paths.txt"
    listing.write_text("".join(f"{path}\n" for path in paths))
    script = (LUA, listing, 0, len(paths))
    targets = {
        "nginx, 2 instances": cluster.ports.nginx,
        "1 Granian process": cluster.ports.web[0],
    }
    result = Result(f"throughput, {len(paths)} pages, {CONNECTIONS} connections, {SECONDS} s")
    for label, port in targets.items():
        url = f"http://127.0.0.1:{port}"
        wrk.run(url, 1, CONNECTIONS, script)  # every page in the page cache first
        settle(url)
        run = wrk.run(url, SECONDS, CONNECTIONS, script)
        result.counts[f"{label} req/s"] = round(run.requests_per_second)
        result.counts[f"p99 ms ({label})"] = round(run.p99_ms)
        result.checks[f"{label}: no error"] = run.errors == 0
    return result
