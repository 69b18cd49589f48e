"""The media half of backup and restore (core/backup/media.py): listing a bucket whose keys no
folder walk could end on, listing a filesystem, and replacing a stored file without deleting
it first."""

import hashlib
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from core.backup import media
from core.storage_url import media_storage
from tests.core.conftest import KEYS, REGION

pytestmark = pytest.mark.django_db


def put_keys(url, keys):
    options = media_storage(url)["OPTIONS"]
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=REGION,
        aws_access_key_id=KEYS[0],
        aws_secret_access_key=KEYS[1],
    )
    for key in keys:
        client.put_object(
            Bucket=options["bucket_name"], Key=key, Body=b"" if key[-1] == "/" else b"x"
        )


def test_stored_names_s3_lists_keys_with_double_and_leading_slashes(s3_media, s3_media_url):
    put_keys(s3_media_url, ["a//b.jpg", "/leading.jpg", "//x", "posters/", "posters/p.jpg"])

    names = media.stored_names(s3_media)

    assert names == sorted(["/leading.jpg", "//x", "a//b.jpg", "posters/p.jpg"])


def test_stored_names_s3_strips_the_location_and_skips_other_keys(settings, s3_media_url):
    put_keys(s3_media_url, ["site/posters/p.jpg", "site//odd.jpg", "other/q.jpg", "sitemap.xml"])
    located = s3_media_url.replace("?", "/site?")
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(located)}

    assert media.stored_names(default_storage) == ["/odd.jpg", "posters/p.jpg"]


class FolderStorage:
    """A storage whose listdir answers from a dict, as a hostile backend might."""

    def __init__(self, folders):
        self.folders = folders

    def listdir(self, folder):
        if folder not in self.folders:
            raise FileNotFoundError(folder)
        return self.folders[folder]


def test_stored_names_walk_skips_empty_dot_and_dot_dot_folders():
    storage = FolderStorage(
        {"": (["", ".", "..", "posters"], ["a.jpg"]), "posters/": ([], ["p.jpg"])}
    )

    assert media.stored_names(storage) == ["a.jpg", "posters/p.jpg"]


def stored_content(storage, name):
    with storage.open(name, "rb") as file:
        return file.read()


def backup_media(folder, files):
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


def test_copy_in_replaces_a_changed_file_under_its_own_name(tmp_path):
    storage = FileSystemStorage(location=tmp_path / "stored")
    storage.save("posters/a.jpg", ContentFile(b"live"))
    storage.save("posters/same.jpg", ContentFile(b"same"))
    checksums = backup_media(
        tmp_path / "backup", {"posters/a.jpg": b"backed up", "posters/same.jpg": b"same"}
    )

    media.copy_in(tmp_path / "backup", storage, checksums)

    assert stored_content(storage, "posters/a.jpg") == b"backed up"
    assert media.stored_names(storage) == ["posters/a.jpg", "posters/same.jpg"]


def test_copy_in_keeps_the_live_file_when_writing_the_new_one_fails(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path / "stored")
    storage.save("posters/a.jpg", ContentFile(b"live"))
    checksums = backup_media(tmp_path / "backup", {"posters/a.jpg": b"backed up"})

    def disk_full(name, content):
        raise OSError("No space left on device")

    monkeypatch.setattr(storage, "_save", disk_full)

    with pytest.raises(OSError, match="No space left"):
        media.copy_in(tmp_path / "backup", storage, checksums)

    assert stored_content(storage, "posters/a.jpg") == b"live"


def test_copy_in_s3_replaces_a_changed_object_under_its_own_name(s3_media, tmp_path):
    s3_media.save("posters/a.jpg", ContentFile(b"live"))
    checksums = backup_media(tmp_path / "backup", {"posters/a.jpg": b"backed up"})

    media.copy_in(tmp_path / "backup", s3_media, checksums)

    assert stored_content(s3_media, "posters/a.jpg") == b"backed up"
    assert media.stored_names(s3_media) == ["posters/a.jpg"]


@pytest.mark.parametrize("name", ["/a.jpg", "a//b.jpg", "evil/", "a/../b", ""])
def test_local_path_refuses_a_name_that_is_not_a_plain_path(tmp_path, name):
    with pytest.raises(media.UnsafeName):
        media.local_path(tmp_path, name)


def test_unlisted_names_refuses_a_stored_name_the_storage_would_read_as_another(
    s3_media, s3_media_url
):
    put_keys(s3_media_url, ["posters/a.jpg", f"posters//{uuid.uuid4().hex}.jpg"])

    with pytest.raises(media.UnsafeName, match="posters//"):
        media.unlisted_names(s3_media, {"posters/a.jpg": "0" * 64})
