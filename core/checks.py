"""System checks of a deployment's configuration."""

import math

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache

from core.db import replicas

# For the time a request takes between reading its tokens and its rows.
PIN_MARGIN_SECONDS = 1


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


SHARED_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.signed_cookies",  # kept by the browser
}
PROCESS_CACHES = (LocMemCache, FileBasedCache, DummyCache)


def shared_state():
    """[(what, where it is kept, whether every instance sees the same)] of the state a request
    leaves for the next ones, which with several instances may go to any of them."""
    cache_shared = not isinstance(caches["default"], PROCESS_CACHES)
    cache_place = f"the cache {type(caches['default']).__name__}"
    session_engine = settings.SESSION_ENGINE
    axes_handler = getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler")
    return [
        ("sessions", session_engine, session_engine in SHARED_SESSION_ENGINES or cache_shared),
        ("sign-in lockouts", axes_handler, "database" in axes_handler or cache_shared),
        ("rate limits (API, forms)", cache_place, cache_shared),
        ("page cache", cache_place, cache_shared),
        ("cache versions", cache_place, cache_shared),
        ("written WAL position", cache_place, cache_shared),
    ]


def state_shared_by_instances(app_configs, **kwargs):
    """core.E002: several instances (CLUSTER, or read replicas) must share what requests leave."""
    if not (settings.CLUSTER or settings.REPLICA_DATABASES):
        return []
    apart = [f"{what} in {place}" for what, place, shared in shared_state() if not shared]
    if not apart:
        return []
    return [
        checks.Error(
            "Several instances (CLUSTER or DATABASE_REPLICA_URLS) must share what requests "
            "leave, but each keeps its own: " + ", ".join(apart) + ".",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every instance shares "
            "one cache.",
            id="core.E002",
        )
    ]


def replica_pin_outlasts_lag(app_configs, **kwargs):
    """core.W003: a client that wrote must stay on the primary until any replica used has its
    write: one may lag REPLICA_MAX_LAG behind when last probed, and more until probed again."""
    if not settings.REPLICA_DATABASES:
        return []
    needed = settings.REPLICA_MAX_LAG + replicas.CHECK_EVERY_SECONDS + PIN_MARGIN_SECONDS
    if needed <= settings.REPLICA_PIN_SECONDS:
        return []
    return [
        checks.Warning(
            f"REPLICA_PIN_SECONDS is shorter than REPLICA_MAX_LAG plus the replicas' check "
            f"interval ({replicas.CHECK_EVERY_SECONDS:g} s) and {PIN_MARGIN_SECONDS} s: a client "
            f"may read on a replica that has not yet replayed its own write.",
            hint=f"Set REPLICA_PIN_SECONDS to {math.ceil(needed)} or more.",
            id="core.W003",
        )
    ]
