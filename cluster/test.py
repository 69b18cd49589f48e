"""`make cluster-test`: the drills of issue 19 against a fresh cluster, then the table of their
counts. Exits 1 if any drill fails; the cluster is stopped and removed either way."""

import shutil
import signal
import sys
import time
import traceback

from cluster import drills_data, drills_faults, throughput
from cluster.results import Result, table
from cluster.topology import PROJECT, TEST_PORTS, running, say

LOGS = PROJECT / "test-artifacts" / "cluster"

DRILLS = [
    drills_data.save_seen_on_other_instance,
    drills_data.own_write_read_back,
    drills_data.unpinned_reads_on_replica,
    drills_faults.replica_stopped,
    drills_faults.instance_killed,
    drills_faults.primary_restarted,
    drills_data.backup_and_restore,
    throughput.measure,
]


def run(drill, cluster):
    say(f"drill: {drill.__doc__.strip().splitlines()[0]}")
    try:
        return drill(cluster)
    except Exception as error:  # a drill that breaks is a failed row, and the others still run
        traceback.print_exc()
        return Result(drill.__name__, problems=[f"{type(error).__name__}: {error}"])


def keep_logs(cluster, what="a drill failed"):
    """The logs of a failed run, kept in test-artifacts/cluster/ (CI keeps that folder)."""
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    for log in [*cluster.folder.glob("*.log"), *cluster.folder.glob("*/server.log")]:
        shutil.copy(log, LOGS / log.relative_to(cluster.folder).as_posix().replace("/", "-"))
    say(f"{what}: the logs are in {LOGS}")


def keep_start_logs(cluster):
    keep_logs(cluster, "the cluster did not start")


def main():
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    started = time.monotonic()
    try:
        with running(TEST_PORTS, on_start_failure=keep_start_logs) as cluster:
            say(f"cluster up in {time.monotonic() - started:.0f} s at {cluster.address}")
            results = [run(drill, cluster) for drill in DRILLS]
            if not all(result.passed for result in results):
                keep_logs(cluster)
    except RuntimeError as error:  # a part that did not start: its log says why
        print(f"make cluster-test: the cluster did not start: {error}", file=sys.stderr)
        return 1
    print(f"\n{table(results)}\n")
    failed = [result.name for result in results if not result.passed]
    print(f"{len(results) - len(failed)} of {len(results)} passed in "
          f"{time.monotonic() - started:.0f} s on this machine")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
