"""What a request leaves for the next ones (sessions, lockouts, rate limits, the page cache and
its versions, the written WAL position) must be shared when several instances serve the site:
core.E002 says which is not."""

from django.core.checks import Tags, run_checks

from core.checks import shared_state

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
}


def errors():
    return [message.id for message in run_checks(tags=[Tags.caches, Tags.database])]


def test_shared_state_lists_where_each_is_kept_with_redis(settings):
    settings.CACHES = REDIS

    assert shared_state() == [
        ("sessions", "django.contrib.sessions.backends.db", True),
        ("sign-in lockouts", "axes.handlers.database.AxesDatabaseHandler", True),
        ("rate limits (API, forms)", "the cache RedisCache", True),
        ("page cache", "the cache RedisCache", True),
        ("cache versions", "the cache RedisCache", True),
        ("written WAL position", "the cache RedisCache", True),
    ]


def test_shared_state_local_memory_cache_is_kept_apart(settings):
    settings.CACHES = LOCAL

    apart = [what for what, _place, shared in shared_state() if not shared]

    assert apart == [
        "rate limits (API, forms)",
        "page cache",
        "cache versions",
        "written WAL position",
    ]


def test_shared_state_one_instance_with_local_memory_is_fine(settings):
    settings.DEBUG, settings.CACHES = True, LOCAL
    settings.CLUSTER, settings.REPLICA_DATABASES = False, []

    assert "core.E002" not in errors()


def test_shared_state_cluster_without_redis_is_an_error(settings):
    settings.DEBUG, settings.CACHES, settings.CLUSTER = True, LOCAL, True

    assert "core.E002" in errors()


def test_shared_state_replicas_without_redis_is_an_error(settings):
    settings.DEBUG, settings.CACHES, settings.REPLICA_DATABASES = True, LOCAL, ["replica1"]

    assert "core.E002" in errors()


def test_shared_state_cluster_with_redis_is_fine(settings):
    settings.CACHES, settings.CLUSTER = REDIS, True

    assert "core.E002" not in errors()


def test_shared_state_pin_not_outlasting_the_lag_warns(settings):
    settings.REPLICA_DATABASES = ["replica1"]
    settings.REPLICA_MAX_LAG, settings.REPLICA_PIN_SECONDS = 10, 10

    assert "core.W003" in errors()


def test_shared_state_pin_within_the_check_interval_of_the_lag_warns(settings):
    settings.REPLICA_DATABASES = ["replica1"]
    settings.REPLICA_MAX_LAG, settings.REPLICA_PIN_SECONDS = 10, 11

    assert "core.W003" in errors()


def test_shared_state_pin_past_lag_interval_and_margin_is_fine(settings):
    settings.REPLICA_DATABASES = ["replica1"]
    settings.REPLICA_MAX_LAG, settings.REPLICA_PIN_SECONDS = 10, 12

    assert "core.W003" not in errors()
