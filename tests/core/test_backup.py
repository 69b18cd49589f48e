"""`manage.py backup DIR` and `manage.py restore DIR` (core/backup/), on the database the tests
run on (SQLite or PostgreSQL): a backup restored into a second, empty database and storage (a
scratch database, dropped after the test) gives equal rows per table and equal media checksums;
a damaged or incomplete backup, or a target with data, is refused with a clear message; a
difference after the restore exits non-zero. Media on the filesystem and on S3 (moto)."""

import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg.conninfo import make_conninfo

from core.backup import database
from core.backup.media import stored_names
from core.storage_url import media_storage
from tests.factories import make_film, make_institution, make_person
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows alone


@dataclass
class Target:
    """A second database and media storage to restore into, by environment variables."""

    environment: dict
    conninfo: str = ""

    def row_counts(self):
        if self.conninfo:
            with psycopg.connect(self.conninfo) as other:
                return _counts(
                    other.cursor(),
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
                )
        path = self.environment["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as other:
            return _counts(
                other.cursor(),
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )


def _counts(cursor, list_tables):
    names = [row[0] for row in cursor.execute(list_tables).fetchall()]
    return {name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def target(tmp_path, media_root):
    """An empty database of the kind the tests run on (PostgreSQL: created and dropped here)
    and an empty media folder."""
    environment = {"MEDIA_ROOT": str(tmp_path / "restored-media"), "MEDIA_STORAGE_URL": ""}
    if connection.vendor != "postgresql":
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield Target(environment)
        return
    own = connection.settings_dict
    name = f"test_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{own['PASSWORD']}" if own["PASSWORD"] else ""
    environment["DATABASE_URL"] = (
        f"postgres://{own['USER']}{password}@{own['HOST']}:{own['PORT'] or 5432}/{name}"
    )
    keywords = {"dbname": name, "user": own["USER"], "host": own["HOST"], "port": own["PORT"]}
    conninfo = make_conninfo(**{key: value for key, value in keywords.items() if value})
    yield Target(environment, conninfo + (f" password={own['PASSWORD']}" if password else ""))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, environment):
    """Run manage.py in a process of its own, configured by `environment`."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "PYTHONPATH": str(django_settings.BASE_DIR), **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )


def catalog_with_pictures():
    """A few records, two of them with a poster or photo (and their thumbnails)."""
    film = make_film(status="published")
    film.poster.save("poster.jpg", io.BytesIO(jpeg_with_gps((600, 900))))
    person = make_person()
    person.photo.save("photo.jpg", io.BytesIO(jpeg_with_gps((400, 400))))
    make_institution()


def sha256_of_stored(storage, name):
    with storage.open(name, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def backup(folder):
    output = io.StringIO()
    call_command("backup", str(folder), stdout=output)
    return json.loads((folder / "manifest.json").read_text()), output.getvalue()


def test_backup_writes_the_dump_the_media_and_their_manifest(tmp_path, media_root):
    catalog_with_pictures()
    manifest, output = backup(tmp_path / "backup")

    names = stored_names(default_storage)
    dump = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert len(names) == 4
    assert manifest["media"] == {name: sha256_of_stored(default_storage, name) for name in names}
    assert manifest["tables"] == database.row_counts()
    assert manifest["tables"]["filmweek_film"] == 1
    assert manifest["database"] == {"vendor": connection.vendor, "file": dump}
    assert manifest["release"] == django_settings.RELEASE
    assert manifest["created"]
    assert (tmp_path / "backup" / dump).stat().st_size > 0
    for name in names:
        assert (tmp_path / "backup" / "media" / name).read_bytes() == default_storage.open(
            name
        ).read()
    assert output.startswith(f"Backed up {len(manifest['tables'])} tables")


def test_backup_refuses_a_folder_with_files(tmp_path, media_root):
    (tmp_path / "notes.txt").write_text("keep me")

    with pytest.raises(CommandError, match="must be a new or empty folder"):
        call_command("backup", str(tmp_path))

    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_restore_into_a_second_database_gives_equal_counts_and_checksums(tmp_path, target):
    catalog_with_pictures()
    manifest, _output = backup(tmp_path / "backup")

    restored = manage("restore", str(tmp_path / "backup"), environment=target.environment)

    assert restored.returncode == 0, restored.stderr
    assert target.row_counts() == manifest["tables"]
    media = Path(target.environment["MEDIA_ROOT"])
    assert {
        name: hashlib.sha256((media / name).read_bytes()).hexdigest() for name in manifest["media"]
    } == manifest["media"]
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == (
        sorted(manifest["media"])
    )
    assert "media files           4          4     yes" in restored.stdout


def test_restore_refuses_a_target_with_data_unless_forced(tmp_path, target):
    catalog_with_pictures()
    backup(tmp_path / "backup")
    assert (
        manage("restore", str(tmp_path / "backup"), environment=target.environment).returncode == 0
    )

    again = manage("restore", str(tmp_path / "backup"), environment=target.environment)
    forced = manage("restore", "--force", str(tmp_path / "backup"), environment=target.environment)

    assert again.returncode == 1
    assert "The database or the media storage is not empty; pass --force" in again.stderr
    assert forced.returncode == 0, forced.stderr
    assert "counts and checksums match" in forced.stdout


def test_restore_exits_non_zero_when_counts_differ(tmp_path, target):
    catalog_with_pictures()
    manifest, _output = backup(tmp_path / "backup")
    manifest["tables"]["filmweek_film"] = 2
    (tmp_path / "backup" / "manifest.json").write_text(json.dumps(manifest))

    restored = manage(
        "restore", "-v", "2", str(tmp_path / "backup"), environment=target.environment
    )

    assert restored.returncode == 1
    assert "filmweek_film: 2 rows, restored 1" in restored.stderr
    assert re.search(r"^rows +\d+ +\d+ +no$", restored.stdout, re.MULTILINE)
    assert re.search(r"^  filmweek_film +2 +1$", restored.stdout, re.MULTILINE)


def test_restore_with_s3_media_into_another_bucket(tmp_path, target, settings, s3_media_url):
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(s3_media_url)}
    catalog_with_pictures()
    manifest, _output = backup(tmp_path / "backup")
    other_bucket = s3_media_url.replace("@media-", "@other-")
    make_bucket(other_bucket)

    restored = manage(
        "restore",
        str(tmp_path / "backup"),
        environment={**target.environment, "MEDIA_STORAGE_URL": other_bucket},
    )

    assert restored.returncode == 0, restored.stderr
    assert len(manifest["media"]) == 4
    assert target.row_counts() == manifest["tables"]
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(other_bucket)}
    assert {
        name: sha256_of_stored(default_storage, name) for name in stored_names(default_storage)
    } == manifest["media"]


def make_bucket(new_url):
    options = media_storage(new_url)["OPTIONS"]
    boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    ).create_bucket(Bucket=options["bucket_name"])


def broken_backup(folder, damage):
    """A backup of a small catalog in `folder`, then damaged by `damage(folder, manifest)`."""
    catalog_with_pictures()
    manifest, _output = backup(folder)
    damage(folder, manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def drop_a_media_file(folder, manifest):
    (folder / "media" / sorted(manifest["media"])[0]).unlink()


def alter_a_media_file(folder, manifest):
    (folder / "media" / sorted(manifest["media"])[0]).write_bytes(b"other bytes")


def drop_the_database_file(folder, manifest):
    (folder / manifest["database"]["file"]).unlink()


def name_a_file_outside(folder, manifest):
    manifest["media"]["../../etc/passwd"] = "0" * 64


def claim_another_database(folder, manifest):
    manifest["database"]["vendor"] = "mysql"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (drop_a_media_file, "1 media files are missing, e.g. "),
        (alter_a_media_file, "1 media files differ from the manifest: "),
        (drop_the_database_file, "is missing."),
        (name_a_file_outside, "names a file outside the media folder: '../../etc/passwd'"),
        (claim_another_database, "The backup is of a mysql database"),
    ],
)
def test_restore_refuses_a_damaged_backup_before_changing_anything(
    tmp_path, media_root, damage, message
):
    broken_backup(tmp_path / "backup", damage)
    rows_before = database.row_counts()

    with pytest.raises(CommandError) as raised:
        call_command("restore", "--force", str(tmp_path / "backup"))

    assert message in str(raised.value)
    assert database.row_counts() == rows_before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "manifest.json is missing: is this a folder written by `backup`?"),
        ("{not json", "manifest.json cannot be read"),
        ('{"format": 7}', "is not a manifest of format 1"),
        ('{"format": 1, "database": {"file": "x"}, "tables": {"a": -1}, "media": {}}', "'tables'"),
    ],
)
def test_restore_refuses_a_folder_without_a_good_manifest(tmp_path, content, message):
    if content is not None:
        (tmp_path / "manifest.json").write_text(content)

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(tmp_path))

    assert message in str(raised.value)


def test_restore_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("restore", str(tmp_path / "nowhere"))


def test_freshly_migrated_database_counts_as_empty():
    assert database.rows_beyond_migrate() == {}
