"""The media half of a backup: every file of the default storage, listed, copied and replaced
through the storage API, so that the filesystem and an S3 bucket are backed up the same way."""

import hashlib
import os
import uuid
from pathlib import Path, PurePosixPath

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

CHUNK = 1024 * 1024
# What the filesystem or an S3 store raises when it cannot be read or written.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
NOT_FOLDERS = ("", ".", "..")


class UnsafeName(Exception):
    """A media file name that is not a plain relative path (a manifest's or a bucket's key)."""


def stored_names(storage):
    """The names of every file in `storage`, sorted; none when it is missing."""
    if isinstance(storage, S3Storage):
        return sorted(_bucket_keys(storage))
    return sorted(_walk(storage, ""))


def _bucket_keys(storage):
    # Flat: walking "folders" by delimiter never ends on keys with "//" or a leading "/".
    location = storage.location.strip("/")
    prefix = f"{location}/" if location else ""
    pages = storage.connection.meta.client.get_paginator("list_objects_v2")
    for page in pages.paginate(Bucket=storage.bucket_name, Prefix=prefix):
        for entry in page.get("Contents", ()):
            key = entry["Key"]
            if key.endswith("/") and not entry["Size"]:
                continue  # a "folder" as S3 consoles make them, not a file
            yield key.removeprefix(prefix)


def _walk(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (f"{folder}{name}" for name in files)
    for child in folders:
        if child not in NOT_FOLDERS:
            yield from _walk(storage, f"{folder}{child}/")


def checksum(file):
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_checksum(storage, name):
    with storage.open(name, "rb") as file:
        return checksum(file)


def check_name(name: str):
    """UnsafeName unless `name` is a relative path written the one way storages and folders
    agree on: no empty, "." or ".." part, no trailing slash, backslash or NUL."""
    path = PurePosixPath(name)
    if (
        not name
        or name != str(path)
        or path.is_absolute()
        or any(part in (".", "..") for part in path.parts)
        or "\\" in name
        or "\x00" in name
    ):
        raise UnsafeName(name)


def local_path(folder: Path, name: str) -> Path:
    """Where the media file `name` lies in a backup's media `folder`; UnsafeName unless that is
    inside it."""
    check_name(name)
    return folder.joinpath(*PurePosixPath(name).parts)


def copy_out(storage, folder: Path):
    """Copy every stored file into `folder`; {name: sha256} of what was written."""
    checksums = {}
    for name in stored_names(storage):
        target = local_path(folder, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            for chunk in iter(lambda: source.read(CHUNK), b""):  # noqa: B023 -- used at once
                digest.update(chunk)
                copy.write(chunk)
        checksums[name] = digest.hexdigest()
    return checksums


def copy_in(folder: Path, storage, checksums):
    """Store each file of `checksums` ({name: sha256}) from `folder` under its name; a stored
    file with other content is replaced in one step, never deleted first."""
    for name, digest in sorted(checksums.items()):
        with open(local_path(folder, name), "rb") as source:
            if not storage.exists(name):
                _save_as(storage, name, source)
            elif stored_checksum(storage, name) != digest:
                _replace(storage, name, source)


def _save_as(storage, name, source):
    stored = storage.save(name, File(source, name=name))
    if stored != name:
        raise OSError(f"{name} was stored as {stored}")
    return stored


def _replace(storage, name, source):
    if isinstance(storage, S3Storage):
        storage._save(name, File(source, name=name))  # one PUT, which replaces the object
        return
    temporary = f"{name}.restoring-{uuid.uuid4().hex}"
    _save_as(storage, temporary, source)
    if isinstance(storage, FileSystemStorage):
        os.replace(storage.path(temporary), storage.path(name))
        return
    storage.delete(name)
    with storage.open(temporary, "rb") as written:
        _save_as(storage, name, written)
    storage.delete(temporary)


def delete_unlisted(storage, names):
    """Delete every stored file that is not one of `names`; how many were deleted."""
    unlisted = unlisted_names(storage, names)
    for name in unlisted:
        storage.delete(name)
    return len(unlisted)


def unlisted_names(storage, names):
    """The stored files that are not one of `names`; UnsafeName for one that the storage API
    would read as another name (S3's "a//b" is "a/b" to it), so cannot be deleted safely."""
    unlisted = sorted(set(stored_names(storage)) - set(names))
    for name in unlisted:
        check_name(name)
    return unlisted
