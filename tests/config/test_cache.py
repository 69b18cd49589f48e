"""The Redis cache backend of production (config.cache), against the Redis server of the
machine: CI has one; a machine without one skips these."""

import socket
import uuid

import pytest

from config.cache import FastRedisCache

REDIS_URL = "redis://127.0.0.1:6379/9"
LONG_KEY = "page:" + "x" * 300 + " with spaces"


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis server on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    # Its own key prefix, and no clear() (a FLUSHDB): test workers share the server.
    cache = FastRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["ver:a", "page:b", LONG_KEY])


def test_fast_redis_cache_reuses_one_client_per_server(redis_cache):
    first = redis_cache._cache.get_client()

    second = redis_cache._cache.get_client(write=True)

    assert first is second


def test_fast_redis_cache_reads_many_keys_in_one_call(redis_cache):
    redis_cache.set_many({"ver:a": 281474976710655, "page:b": ("etag", [], b"<html>")})

    found = redis_cache.get_many(["ver:a", "page:b", "ver:missing"])

    assert found == {"ver:a": 281474976710655, "page:b": ("etag", [], b"<html>")}


def test_fast_redis_cache_accepts_a_key_memcached_would_refuse(redis_cache):
    redis_cache.set(LONG_KEY, 1)

    assert redis_cache.get(LONG_KEY) == 1
