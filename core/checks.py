"""System checks of a deployment's configuration."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache


def cache_shared_by_workers(app_configs, **kwargs):
    """core.W001: with DEBUG off, a local-memory cache is one cache per worker process."""
    if settings.DEBUG or not isinstance(caches["default"], LocMemCache):
        return []
    return [
        checks.Warning(
            "The cache is the local-memory one, kept apart in each worker process: the rate "
            "limits of password resets, membership applications and the API are counted per worker "
            "(N workers admit N times the limit), and a page or value one worker cached is "
            "renewed by a save only in the worker that saved, so the others may serve it "
            "stale for up to PAGE_CACHE_SECONDS.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker shares "
            "one cache.",
            id="core.W001",
        )
    ]
