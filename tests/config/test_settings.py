"""Configuration errors, as a newcomer meets them: one line on stderr, no traceback."""

import pytest

from tests.commands import run_manage


def test_settings_without_secret_key_and_debug_off_refuse_to_start():
    result = run_manage("check", DEBUG="0")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: SECRET_KEY must be set when DEBUG is off "
        "(set DEBUG=1 for local development)."
    )


def test_settings_with_debug_on_start_without_secret_key():
    result = run_manage("check", DEBUG="1")

    assert result.returncode == 0
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("not a url", "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"),
        (
            "mysql://root@localhost/x",
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name",
        ),
        ("postgres://", "the URL names no database"),
        ("postgres://u@h:notaport/db", "Port could not be cast to integer value as 'notaport'"),
    ],
)
def test_settings_with_malformed_database_url_give_one_line(url, reason):
    result = run_manage("check", DEBUG="1", DATABASE_URL=url)

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"Configuration error: DATABASE_URL is malformed ({url!r}): {reason}"
    )


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent-folder/catalog.sqlite3", "postgres://postgres@127.0.0.1:1/catalog"],
)
def test_settings_with_unreachable_database_give_one_line(url):
    result = run_manage("migrate", DEBUG="1", DATABASE_URL=url)

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Database error: ")
    assert result.stderr.strip().endswith("(check DATABASE_URL and that the server runs)")


def test_settings_with_malformed_email_url_give_one_line():
    result = run_manage("check", DEBUG="1", EMAIL_URL="nonsense")

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == (
            "Configuration error: EMAIL_URL is malformed ('nonsense'): Invalid email schema "
        ).strip()
    )


def test_settings_read_redis_url_into_the_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.stdout.strip().splitlines()[-1] == "django_redis.cache.RedisCache"


def test_settings_without_redis_url_use_the_local_memory_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, DEBUG="1", REDIS_URL="")

    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.locmem.LocMemCache"


def test_settings_have_shanghai_time_and_two_languages(settings):
    assert (settings.TIME_ZONE, settings.USE_TZ) == ("Asia/Shanghai", True)
    assert [code for code, _ in settings.LANGUAGES] == ["en", "zh-hans"]


def test_settings_without_secret_key_let_makemigrations_check_run():
    result = run_manage("makemigrations", "--check", "--dry-run", DEBUG="0")

    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected")


def test_settings_without_secret_key_still_refuse_to_serve():
    result = run_manage("runserver", "--noreload", "127.0.0.1:1", DEBUG="0")

    assert result.returncode == 1
    assert result.stderr.strip().startswith("Configuration error: SECRET_KEY must be set")


DATABASE = "from django.conf import settings; d = settings.DATABASES['default']; "


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "django.db.backends.postgresql {'CONN_HEALTH_CHECKS': True, "
         "'server_side_binding': True, 'prepare_threshold': 5}"),
        ({"DB_PREPARE": "0"}, "django.db.backends.postgresql {'CONN_HEALTH_CHECKS': True}"),
    ],
)  # fmt: skip
def test_settings_of_postgresql_use_django_s_backend(environment, expected):
    code = DATABASE + (
        "print(d['ENGINE'], {'CONN_HEALTH_CHECKS': d['CONN_HEALTH_CHECKS'], **d['OPTIONS']})"
    )
    url = "postgres://postgres@127.0.0.1:5432/catalog"

    result = run_manage("shell", "-c", code, DEBUG="1", DATABASE_URL=url, **environment)

    assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({}, "False False"), ({"DB_SERVER_SIDE_CURSORS": "0"}, "True True")],
)
def test_settings_of_server_side_cursors_follow_db_server_side_cursors(environment, expected):
    code = (
        "from django.conf import settings; d = settings.DATABASES; "
        "print(d['default']['DISABLE_SERVER_SIDE_CURSORS'], "
        "d['replica1']['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    url = "postgres://postgres@127.0.0.1:5432/catalog"

    result = run_manage(
        "shell", "-c", code, DEBUG="1", DATABASE_URL=url, DATABASE_REPLICA_URLS=url, **environment
    )

    assert result.stdout.strip().splitlines()[-1] == expected


def test_settings_of_sqlite_keep_django_s_backend():
    code = DATABASE + "print(d['ENGINE'])"

    result = run_manage("shell", "-c", code, DEBUG="1")

    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"


def test_settings_with_malformed_api_rate_give_one_line():
    result = run_manage("check", DEBUG="1", API_RATE_ANON="60 per minute")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: API_RATE_ANON is malformed ('60 per minute'): use "
        "<requests>/<second|minute|hour|day>, e.g. 60/minute, or off"
    )
