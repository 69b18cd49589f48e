"""The Redis cache backend of production (config.cache), against the Redis server of the
machine: CI has one; a machine without one skips these."""

import socket
import uuid

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

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


def test_fast_redis_cache_reads_many_keys_again_after_the_connection_dropped(redis_cache):
    redis_cache.set("ver:a", 7)
    redis_cache.get_many(["ver:a"])
    redis_cache._cache._reader._sock.close()  # as when the server restarts

    found = redis_cache.get_many(["ver:a"])

    assert found == {"ver:a": 7}


def test_fast_redis_cache_reads_many_keys_over_its_own_connection(redis_cache):
    redis_cache.get_many(["ver:a"])
    reader = redis_cache._cache._reader

    redis_cache.get_many(["page:b"])

    assert redis_cache._cache._reader is reader
    assert reader not in redis_cache._cache._get_connection_pool(write=False)._in_use_connections


def test_fast_redis_cache_get_many_of_a_server_that_does_not_answer_raises(redis_cache):
    down = FastRedisCache("redis://127.0.0.1:1/0", {})

    with pytest.raises(RedisConnectionError):
        down.get_many(["ver:a"])
