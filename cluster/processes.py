"""Processes started as systemd would start a unit: its ExecStart, in its WorkingDirectory,
with its EnvironmentFile; each in a process group of its own, so that a stop (or a kill)
reaches its workers too."""

import os
import signal
import subprocess
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
    """A command run as one process group, its output in `log`."""

    def __init__(self, label, command, directory, environment, log):
        self.label, self.command, self.directory = label, command, directory
        self.environment, self.log = environment, Path(log)
        self.process = None
        self.started = None

    @classmethod
    def from_unit(cls, label, unit_text, log, instance="", extra_environment=None):
        """As systemd runs the rendered unit `unit_text` (the instance name for %i)."""
        service = deployfiles.unit_service(unit_text, instance)
        values = deployfiles.environment_file(Path(service["EnvironmentFile"]).read_text())
        environment = {**os.environ, **values, **(extra_environment or {})}
        return cls(label, service["ExecStart"], service["WorkingDirectory"], environment, log)

    def start(self):
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
        return self

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL to the whole group, as a crash or the OOM killer would end it."""
        with suppress(ProcessLookupError):  # the group may have ended already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if not self.running():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
