"""Drills on a part that fails under load: the replica stopped, an app instance killed, the
primary restarted."""

import http.client
import re
import threading
import time
from collections import Counter

from bench.saver import form_fields, replaced
from bench.servers import status_of
from cluster import catalog
from cluster.load import Load
from cluster.postgres import activity, wait_until_replayed
from cluster.processes import wait_for_http
from cluster.results import Result
from cluster.topology import DATABASE, WORKER_SETTLE_SECONDS

LOAD_SECONDS = 3  # of load before a part fails, and after
DOWN_SECONDS = 3
RESTARTED_SECONDS = 15  # at most, for nginx to send the restarted instance requests again
RESTARTED_ANSWERS = 10
WRITERS = 2
BACK_TIMEOUT_SECONDS = 60
SAVE_MARK = re.compile(r" \(drill save \d+\)$")


def transactions(server):
    return activity(server, DATABASE)[0]


def window(servers, load, seconds):
    """The transactions each server committed in the next `seconds` of `load`, and the 200s
    answered meanwhile."""
    before = {name: transactions(server) for name, server in servers.items()}
    started_at = time.monotonic()
    time.sleep(seconds)
    committed = {name: transactions(server) - before[name] for name, server in servers.items()}
    return committed, load.answered_after(started_at)


def replica_stopped(cluster):
    """3. Uncached reads through nginx while the replica stops: none fails. pg_stat_database
    shows where they were read: before the stop the replica commits at least a transaction per
    answer and the primary fewer than the answers (its task worker polls); after it, the
    primary at least one per answer."""
    both = {"replica": cluster.replica, "primary": cluster.primary}
    load = Load(cluster.ports.nginx, catalog.pages(cluster))
    stopped = False
    try:
        with load.running():
            time.sleep(LOAD_SECONDS)
            before, answered_before = window(both, load, LOAD_SECONDS)
            cluster.replica.stop("fast")
            stopped, stopped_at = True, time.monotonic()
            time.sleep(1)  # a backend writes its statistics at most once a second
            after, answered_after = window({"primary": cluster.primary}, load, LOAD_SECONDS)
    finally:
        if stopped:
            cluster.replica.start()
            wait_until_replayed(cluster.primary, cluster.replica)
    result = Result("3 replica stopped under load")
    result.counts = {
        "GETs": load.requests,
        "failed": load.failed(),
        **load.failures(),
        "answered after the stop": load.answered_after(stopped_at),
        f"in {LOAD_SECONDS} s before: answered": answered_before,
        "replica transactions": before["replica"],
        "primary's": before["primary"],
        f"in {LOAD_SECONDS} s after: answered": answered_after,
        "primary transactions": after["primary"],
    }
    result.checks = {
        "0 failed": load.failed() == 0 and load.tracebacks == 0,
        # Each uncached page reads in several autocommit transactions.
        "reads went to the replica": before["replica"] >= answered_before > before["primary"],
        "reads moved to the primary": after["primary"] >= answered_after > 0,
    }
    return result


def upstream_lines(cluster, port, since):
    """Lines of nginx's access log written after byte `since` that an instance answered."""
    with (cluster.folder / "nginx-access.log").open() as log:
        log.seek(since)
        # With a retry the line names every instance tried; the last one answered.
        return sum(1 for line in log if line.rstrip().endswith(f" 127.0.0.1:{port}"))


def instance_killed(cluster):
    """4. One instance killed (SIGKILL, its workers too) under GET load: nginx sends what it
    could not answer to the other one; its unit's Restart=always starts it again, and nginx
    sends it requests again."""
    victim = cluster.ports.web[0]
    service = cluster.web[victim]
    load = Load(cluster.ports.nginx, catalog.pages(cluster))
    with load.running():
        time.sleep(LOAD_SECONDS)
        service.kill()
        killed_at = time.monotonic()
        wait_for_http(victim, "/healthz")
        back_after = time.monotonic() - killed_at
        log_size = (cluster.folder / "nginx-access.log").stat().st_size
        # nginx tries it again fail_timeout (5 s) after its last failed attempt, which may have
        # been just before it was back: a fixed wait of that length may see it answer nothing.
        served = until_served(cluster, victim, log_size)
    result = Result("4 instance killed under GET load")
    result.counts = {
        "GETs": load.requests,
        "failed": load.failed(),
        **load.failures(),
        "seconds until restarted": round(back_after, 1),
        "answered by it after": served,
    }
    result.checks = {
        "0 failed GETs": load.failed() == 0 and load.tracebacks == 0,
        "restarted once": service.restarts == 1,
        "restarted instance serves": served >= RESTARTED_ANSWERS,
    }
    return result


def until_served(cluster, port, since):
    """Requests the instance on `port` answered after byte `since` of nginx's access log: as
    soon as RESTARTED_ANSWERS, or what it answered in RESTARTED_SECONDS."""
    deadline = time.monotonic() + RESTARTED_SECONDS
    while True:
        served = upstream_lines(cluster, port, since)
        if served >= RESTARTED_ANSWERS or time.monotonic() > deadline:
            return served
        time.sleep(0.5)


class Writer:
    """A staff member saving one film over and over through nginx; every answer counted, and
    the value of every save acknowledged (302)."""

    def __init__(self, browser, pk):
        self.browser, self.form = browser, catalog.film_form(pk)
        self.statuses = Counter()
        self.tracebacks = 0
        self.acknowledged = []  # (monotonic time, value)
        self.sent = 0
        self.pk = pk

    def request(self, method, path, form=None):
        try:
            answer = self.browser.request(method, path, form)
        except (OSError, http.client.HTTPException):
            self.statuses[0] += 1
            return None
        self.statuses[answer.status] += 1
        self.tracebacks += "Traceback" in answer.body
        return answer

    def save_once(self):
        opened = self.request("GET", self.form["change"])
        if opened is None or opened.status != 200:
            return
        fields = form_fields(opened.body, self.form["form"])
        value = self.new_value(dict(fields).get(self.form["field"], ""))
        sent = [*replaced(fields, self.form["field"], value), ("_save", "Save")]
        answer = self.request("POST", self.form["change"], sent)
        if answer is not None and answer.status == 302:
            self.acknowledged.append((time.monotonic(), value))

    def new_value(self, current):
        """A value this writer never sent before. A count read back from the form would not
        do: after a lost save the form shows the value before it, and the next save would
        send the lost value again, which the history would then hold."""
        self.sent += 1
        return f"{SAVE_MARK.sub('', current)} (drill save {self.sent})"

    def run(self, stop):
        while not stop.is_set():
            self.save_once()
            stop.wait(0.1)  # a 503 comes back at once: no tight loop while the database is down


def acknowledged_lost(cluster, writer):
    rows = cluster.primary.execute(
        f"SELECT title_en FROM filmweek_historicalfilm WHERE id = {writer.pk}", DATABASE
    )
    kept = {title for (title,) in rows}
    return sum(1 for _, value in writer.acknowledged if value not in kept)


def primary_restarted(cluster):
    """5. Staff saving films while the primary stops (immediately, as a crash would) and
    starts again: 503 pages meanwhile, never a 500 or a traceback; every save that was
    acknowledged is in the database after; saves succeed again, the app not restarted."""
    pids = {port: service.process.pid for port, service in cluster.web.items()}
    writers = [
        Writer(catalog.staff_browser(cluster), pk)
        for pk, _ in catalog.films(cluster, 2 + WRITERS)[2:]
    ]
    stop = threading.Event()
    threads = [threading.Thread(target=writer.run, args=(stop,)) for writer in writers]
    for thread in threads:
        thread.start()
    try:
        time.sleep(LOAD_SECONDS)
        cluster.primary.stop("immediate")
        time.sleep(DOWN_SECONDS)
        cluster.primary.start()
        back_at = time.monotonic()
        deadline = back_at + BACK_TIMEOUT_SECONDS
        while time.monotonic() < deadline and not saved_since(writers, back_at):
            time.sleep(0.5)
        time.sleep(LOAD_SECONDS)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    statuses = sum((writer.statuses for writer in writers), Counter())
    unexpected = sum(count for status, count in statuses.items() if status not in (200, 302, 503))
    lost = sum(acknowledged_lost(cluster, writer) for writer in writers)
    same_processes = all(cluster.web[port].process.pid == pid for port, pid in pids.items())
    result = Result("5 primary restarted under writes")
    result.counts = {
        "saves acknowledged": sum(len(writer.acknowledged) for writer in writers),
        "503": statuses[503],
        "500 or other": unexpected,
        "tracebacks": sum(writer.tracebacks for writer in writers),
        "acknowledged lost": lost,
        "saves after restart": saved_since(writers, back_at),
    }
    result.checks = {
        "503 while down": statuses[503] > 0,
        "no 500, no traceback": unexpected == 0 and result.counts["tracebacks"] == 0,
        "0 acknowledged writes lost": lost == 0,
        "back without restarting the app": saved_since(writers, back_at) > 0
        and same_processes
        and all(status_of(port, "/readyz") == 200 for port in cluster.ports.web),
        "task worker running again": worker_back(cluster),
    }
    result.counts["worker restarts (Restart=always)"] = cluster.worker.restarts
    return result


def worker_back(cluster, timeout=BACK_TIMEOUT_SECONDS):
    """The task worker runs, and has run a few seconds: it exits while the database is away
    (each start that finds it down too) and its unit starts it again RestartSec later."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker = cluster.worker
        if worker.running() and time.monotonic() - worker.started >= WORKER_SETTLE_SECONDS:
            return True
        time.sleep(0.5)
    return False


def saved_since(writers, moment):
    return sum(1 for writer in writers for when, _ in writer.acknowledged if when > moment)
