"""core.W001: with DEBUG off, a local-memory cache (one per worker) is worth a warning."""

from django.core.checks import Tags, run_checks
from django.test import override_settings

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
}


def cache_messages():
    """Those of one instance (several must share the cache whatever DEBUG says: core.E002)."""
    with override_settings(CLUSTER=False, REPLICA_DATABASES=[]):
        return [
            (type(message).__name__, message.id, message.hint)
            for message in run_checks(tags=[Tags.caches])
        ]


def test_checks_local_memory_cache_with_debug_off_warns_per_process(settings):
    settings.DEBUG, settings.CACHES = False, LOCAL

    assert cache_messages() == [
        (
            "Warning",
            "core.W001",
            "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker shares one cache.",
        )
    ]


def test_checks_local_memory_cache_with_debug_on_is_quiet(settings):
    settings.DEBUG, settings.CACHES = True, LOCAL

    assert cache_messages() == []


def test_checks_redis_cache_with_debug_off_is_quiet(settings):
    settings.DEBUG, settings.CACHES = False, REDIS

    assert cache_messages() == []
