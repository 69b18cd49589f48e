"""DATABASE_REPLICA_URLS, REPLICA_MAX_LAG and REPLICA_PIN_SECONDS, as the environment sets them."""

import json

import pytest

from tests.commands import run_manage

PRIMARY = "postgres://app@db1:5432/catalog"
SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps([sorted(s.DATABASES), "
    "s.DATABASES.get('replica2', {}).get('HOST'), s.DATABASES.get('replica1', {}).get('TEST'), "
    "s.DATABASES.get('replica1', {}).get('CONN_MAX_AGE'), s.REPLICA_MAX_LAG, "
    "s.REPLICA_PIN_SECONDS, s.DATABASE_ROUTERS, "
    "'core.db.replica_router.ReplicaPinningMiddleware' in s.MIDDLEWARE]))"
)


def shown(**env):
    result = run_manage("shell", "-c", SHOW, DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_replica_settings_default_to_none():
    databases, _host, _test, _age, lag, pin, routers, middleware = shown()

    assert (databases, lag, pin, routers, middleware) == (["default"], 10.0, 15, [], False)


def test_replica_settings_add_an_alias_per_url():
    urls = "postgres://app@db2:5432/catalog, postgres://app@db3:5432/catalog"

    databases, host, test, age, lag, pin, routers, middleware = shown(
        DATABASE_URL=PRIMARY,
        DATABASE_REPLICA_URLS=urls,
        CONN_MAX_AGE="30",
        REPLICA_MAX_LAG="2.5",
        REPLICA_PIN_SECONDS="20",
    )

    assert databases == ["default", "replica1", "replica2"]
    assert (host, test["MIRROR"], age, lag, pin) == ("db3", "default", 30, 2.5, 20)
    assert routers == ["core.db.replica_router.ReplicaRouter"]
    assert middleware is True


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("DATABASE_REPLICA_URLS", "sqlite:///replica.sqlite3", "of the same kind as DATABASE_URL"),
        ("DATABASE_REPLICA_URLS", "postgres://", "the URL names no database"),
        ("REPLICA_MAX_LAG", "soon", "could not convert string to float"),
        ("REPLICA_PIN_SECONDS", "-1", "use a number of seconds, 0 or more"),
    ],
)
def test_replica_settings_malformed_give_one_line(name, value, reason):
    result = run_manage("check", DEBUG="1", DATABASE_URL=PRIMARY, **{name: value})

    assert result.returncode == 1
    assert result.stderr.startswith(f"Configuration error: {name} is malformed ({value!r}): ")
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_replica_settings_keep_the_url_options_over_the_primary_ones():
    show = (
        "from django.conf import settings as s; import json; "
        "print(json.dumps(s.DATABASES['replica1']['OPTIONS']))"
    )
    replica = "postgres://app@db2:5432/catalog?sslmode=require&connect_timeout=9"

    result = run_manage(
        "shell", "-c", show, DEBUG="1", DATABASE_URL=PRIMARY, DATABASE_REPLICA_URLS=replica
    )

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert (options["sslmode"], options["connect_timeout"]) == ("require", 9)
    assert options["server_side_binding"] is True  # the primary's
    assert (options["keepalives"], options["tcp_user_timeout"]) == (1, 5000)
