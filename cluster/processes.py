"""Processes started as systemd would start a unit: its ExecStart, in its WorkingDirectory,
with its EnvironmentFile; each in a process group of its own, so that a stop (or a kill)
reaches its workers too."""

import os
import signal
import subprocess
import threading
import time
from contextlib import suppress
from pathlib import Path

from bench.servers import status_of
from cluster import deployfiles

STOP_SECONDS = 5  # then SIGKILL: Granian can hang when stopped while a worker starts


def wait_for_http(port, path, process=None, log=None, timeout=60):
    """Until http://127.0.0.1:port/path answers 200; an error with the log's tail if the
    process ends or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            if status_of(port, path) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    tail = Path(log).read_text()[-3000:] if log and Path(log).exists() else ""
    raise RuntimeError(f"nothing answered 200 on port {port} {path}; log:\n{tail}")


class Service:
    """A command run as one process group, its output in `log`. With `restart_seconds` (a
    unit's Restart=always and RestartSec), started again that long after it ends, as systemd
    would, until stopped."""

    def __init__(self, label, command, directory, environment, log, restart_seconds=None):
        self.label, self.command, self.directory = label, command, directory
        self.environment, self.log = environment, Path(log)
        self.restart_seconds = restart_seconds
        self.process = self.started = None
        self.restarts = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()  # between a restart and a stop

    @classmethod
    def from_unit(cls, label, unit_text, log, instance="", extra_environment=None):
        """As systemd runs the rendered unit `unit_text` (the instance name for %i)."""
        service = deployfiles.unit_service(unit_text, instance)
        values = deployfiles.environment_file(Path(service["EnvironmentFile"]).read_text())
        environment = {**os.environ, **values, **(extra_environment or {})}
        restart = float(service["RestartSec"]) if service.get("Restart") == "always" else None
        return cls(
            label, service["ExecStart"], service["WorkingDirectory"], environment, log, restart
        )

    def spawn(self):
        self.started = time.monotonic()
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.directory,
                env=self.environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start(self):
        self.spawn()
        if self.restart_seconds is not None:
            threading.Thread(target=self.supervise, daemon=True).start()
        return self

    def supervise(self):
        while True:
            self.process.wait()
            if self.stopping.wait(self.restart_seconds):
                return
            with self.lock:
                if self.stopping.is_set():
                    return
                self.spawn()
                self.restarts += 1

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL to the whole group, as a crash or the OOM killer would end it."""
        with suppress(ProcessLookupError):  # the group may have ended already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        with self.lock:
            self.stopping.set()
        if not self.running():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
