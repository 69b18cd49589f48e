"""Rate limits hold across worker processes when they share Redis: two Django processes that
ask together for twenty password resets from one address are granted five in all. With the
local-memory cache each process counts on its own (what core.W001 warns about)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, so no other test shares keys
ADDRESS = "203.0.113.7"
LIMIT = 5

# One worker: sets Django up, says "ready", waits for "go", then asks ten times.
WORKER = f"""
import sys
import django

django.setup()
from django.test import RequestFactory

from core.views.requests import over_rate_limit

request = RequestFactory().post("/", REMOTE_ADDR="{ADDRESS}")
print("ready", flush=True)
sys.stdin.readline()
print(sum(not over_rate_limit(request, sys.argv[1], {LIMIT}) for _ in range(10)), flush=True)
"""


def redis_is_up():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def granted_by_two_processes(scope, redis_url):
    """How many of ten requests each of two processes, started together, were granted."""
    environment = {**os.environ, "DEBUG": "1", "REDIS_URL": redis_url, "PAGE_CACHE": "0"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, scope],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        return [int(worker.communicate(timeout=60)[0]) for worker in workers]
    finally:
        for worker in workers:
            worker.kill()


def new_scope():
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def redis_scope():
    """A scope of its own; its counter is removed from Redis afterwards."""
    scope = new_scope()
    yield scope
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*client.keys(f"*rate:{scope}:*") or ["-"])


@pytest.mark.skipif(not redis_is_up(), reason=f"needs Redis at {REDIS_URL}")
def test_rate_limit_with_redis_holds_across_two_processes(redis_scope):
    granted = granted_by_two_processes(redis_scope, REDIS_URL)

    assert sum(granted) == LIMIT


def test_rate_limit_with_local_memory_cache_counts_in_each_process():
    granted = granted_by_two_processes(new_scope(), "")

    assert granted == [LIMIT, LIMIT]
