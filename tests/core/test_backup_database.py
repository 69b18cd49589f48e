"""The pg_dump and pg_restore command lines of core/backup/database.py: every libpq setting of
the DATABASES entry, the password in the environment alone (argv is visible to every user)."""

from pathlib import Path

import environ
import pytest

from core.backup.database import DatabaseToolFailed, pg_dump_command, pg_restore_command

URL = (
    "postgres://catalog:s3cret-pw@db.internal:5433/catalog?passfile=/etc/catalog/pgpass"
    "&target_session_attrs=read-write&application_name=catalog-backup&sslmode=verify-full"
)


def settings_of(url, **django_options):
    settings = environ.Env.db_url_config(url)
    settings["OPTIONS"] = {**settings.get("OPTIONS", {}), **django_options}
    return settings


def test_pg_restore_command_passes_libpq_options_and_hides_the_password(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = settings_of(URL, server_side_binding=True, prepare_threshold=5, pool=True)

    argv, environment = pg_restore_command(settings, Path("-dump"), replace=True)

    conninfo = next(arg for arg in argv if arg.startswith("--dbname="))
    for keyword in (
        "dbname=catalog",
        "user=catalog",
        "host=db.internal",
        "port=5433",
        "passfile=/etc/catalog/pgpass",
        "target_session_attrs=read-write",
        "application_name=catalog-backup",
        "sslmode=verify-full",
    ):
        assert keyword in conninfo
    assert not any("s3cret-pw" in arg for arg in argv)
    assert not any(name in conninfo for name in ("server_side_binding", "prepare", "pool"))
    assert environment["PGPASSWORD"] == "s3cret-pw"
    assert argv[-1] == str(tmp_path / "-dump")
    assert "--clean" in argv


def test_pg_dump_command_passes_a_service_and_hides_the_password(tmp_path):
    settings = settings_of("postgres://catalog:s3cret-pw@/catalog", service="catalog-primary")

    argv, environment = pg_dump_command(settings, tmp_path / "database.dump", "00000003-1")

    assert "service=catalog-primary" in argv[-1]
    assert "--snapshot=00000003-1" in argv
    assert f"--file={tmp_path / 'database.dump'}" in argv
    assert not any("s3cret-pw" in arg for arg in argv)
    assert environment["PGPASSWORD"] == "s3cret-pw"


def test_pg_dump_command_refuses_a_secret_libpq_takes_from_argv_alone(tmp_path):
    settings = settings_of("postgres://catalog@db/catalog", sslpassword="key-secret")

    with pytest.raises(DatabaseToolFailed, match="sslpassword cannot be given") as raised:
        pg_dump_command(settings, tmp_path / "database.dump", "00000003-1")

    assert "key-secret" not in str(raised.value)
