"""What `restore` checks before it replaces anything (core/backup/checks.py): a manifest naming a
media file by anything but a plain relative path is refused, since the storage would save it
under another name after the database was already replaced; and the verification after the
restore counts every stored file, those not in the backup too."""

import json
from hashlib import sha256 as _digest

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from core.backup.checks import BadBackup, checked_backup, verification

DIGEST = "0" * 64


def sha256(content):
    return _digest(content).hexdigest()


def backup_folder(folder, media):
    """A backup folder of an SQLite database whose manifest lists `media`."""
    folder.mkdir()
    (folder / "database.sqlite3").write_bytes(b"")
    manifest = {
        "format": 1,
        "database": {"vendor": "sqlite", "file": "database.sqlite3"},
        "tables": {},
        "media": media,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "//server/share", "./poster.jpg", "posters/./a.jpg", "evil/", "a//b", ""],
)
def test_checked_backup_refuses_a_media_name_that_is_not_a_plain_path(tmp_path, name):
    folder = backup_folder(tmp_path / "backup", {name: DIGEST})

    with pytest.raises(BadBackup) as raised:
        checked_backup(folder, "sqlite")

    assert "is not a plain path inside the media folder" in str(raised.value)
    assert repr(name) in str(raised.value)


def test_checked_backup_passes_a_plain_nested_name_on_to_its_checksum(tmp_path):
    folder = backup_folder(tmp_path / "backup", {"posters/a.jpg": sha256(b"other")})
    (folder / "media" / "posters").mkdir(parents=True)
    (folder / "media" / "posters" / "a.jpg").write_bytes(b"poster")

    with pytest.raises(BadBackup, match="1 media files differ from the manifest: posters/a.jpg"):
        checked_backup(folder, "sqlite")


def test_verification_names_stored_files_that_are_not_in_the_backup(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    storage.save("posters/a.jpg", ContentFile(b"poster"))
    storage.save("posters/stray.jpg", ContentFile(b"left over"))
    expected = {"tables": {}, "media": {"posters/a.jpg": sha256(b"poster")}}

    lines, differences = verification(expected, {}, storage)

    assert differences == ["posters/stray.jpg: stored but not in the backup"]
    assert lines[-1] == "media files           1          2      no"
