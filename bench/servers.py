"""The production servers under test: gunicorn (sync workers) or Granian (WSGI)."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
APPLICATION = "config.wsgi:application"


@dataclass
class Server:
    kind: str
    label: str
    port: int
    process: subprocess.Popen
    log: Path

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def describe(kind, workers, threads):
    if kind == "gunicorn":
        return f"gunicorn {version('gunicorn')}, {workers} sync workers"
    return f"Granian {version('granian')} (WSGI), {workers} workers x {threads} blocking thread(s)"


def _command(kind, port, workers, threads):
    if kind == "gunicorn":
        return [
            BIN / "gunicorn", APPLICATION, f"--bind=127.0.0.1:{port}", f"--workers={workers}",
            "--worker-class=sync", "--log-level=warning",
        ]  # fmt: skip
    return [
        BIN / "granian", "--interface=wsgi", "--host=127.0.0.1", f"--port={port}",
        f"--workers={workers}", f"--blocking-threads={threads}", "--no-ws",
        "--log-level=warning", APPLICATION,
    ]  # fmt: skip


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start(kind, label, environment, workers, threads, log_dir, project=PROJECT):
    """A server of `project`'s code (this tree unless another is given), up on a free port."""
    port = _free_port()
    log = Path(log_dir) / f"{label}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(part) for part in _command(kind, port, workers, threads)],
            cwd=project,
            env={**environment, "PYTHONPATH": str(project)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends workers too
        )
    server = Server(kind, label, port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if status_of(port, "/healthz") == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"{label} did not come up; its log:\n{log.read_text()[-3000:]}")


def stop(server):
    if server.process.poll() is not None:
        return
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def _children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def workers(server):
    """The worker processes: the server's children (gunicorn's arbiter and Granian's main
    process only supervise)."""
    return _children(server.process.pid)


def peak_memory_mb(pid):
    """VmHWM: the most resident memory the process ever had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def settle(url, quick_seconds=0.1, deadline_seconds=120):
    """Wait until the server behind url is idle. Requests still queued when wrk stops (pages
    slower than the measurement is long) are served even though their clients are gone, and
    would otherwise slow the next measurement down."""
    port = urlsplit(url).port
    deadline = time.monotonic() + deadline_seconds
    quick_answers = 0
    while quick_answers < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        status_of(port, "/healthz")
        quick_answers = quick_answers + 1 if time.monotonic() - started < quick_seconds else 0
