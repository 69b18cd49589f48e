"""Services of the cluster run as systemd runs a unit with Restart=always: started again after
a crash, never after a stop."""

import os
import time

from cluster.processes import Service


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def sleeper(tmp_path, restart_seconds):
    return Service(
        "sleeper", ["sleep", "60"], tmp_path, os.environ, tmp_path / "sleeper.log", restart_seconds
    )


def test_service_killed_is_started_again(tmp_path):
    service = sleeper(tmp_path, 0.1).start()
    first = service.process.pid

    service.kill()

    assert wait_for(lambda: service.restarts == 1 and service.running())
    assert service.process.pid != first
    service.stop()


def test_service_stopped_stays_stopped(tmp_path):
    service = sleeper(tmp_path, 0.1).start()

    service.stop()
    time.sleep(0.3)

    assert (service.running(), service.restarts) == (False, 0)


def test_service_without_restart_stays_down_after_a_kill(tmp_path):
    service = sleeper(tmp_path, None).start()

    service.kill()
    time.sleep(0.3)

    assert (service.running(), service.restarts) == (False, 0)
