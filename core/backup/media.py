"""The media half of a backup: every file of the default storage, walked and copied through the
storage API alone, so that the filesystem and an S3 bucket are backed up the same way."""

import hashlib
from pathlib import Path, PurePosixPath

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File

CHUNK = 1024 * 1024
# What the filesystem or an S3 store raises when it cannot be read or written.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class UnsafeName(Exception):
    """A manifest names a media file outside the media folder."""


def stored_names(storage, folder=""):
    """The names of every file in `storage` under `folder`, sorted; none when it is missing."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for child in folders:
        names += stored_names(storage, f"{folder}{child}/")
    return sorted(names)


def checksum(file):
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_checksum(storage, name):
    with storage.open(name, "rb") as file:
        return checksum(file)


def local_path(folder: Path, name: str) -> Path:
    """Where the media file `name` lies in a backup's media `folder`; UnsafeName unless that is
    inside it."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or any(p in ("..", ".") for p in parts):
        raise UnsafeName(name)
    if "\\" in name or "\x00" in name:
        raise UnsafeName(name)
    return folder.joinpath(*parts)


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


def copy_in(folder: Path, storage, names):
    """Store each of `names` from `folder` under the same name, replacing a file there."""
    for name in names:
        if storage.exists(name):
            storage.delete(name)
        with open(local_path(folder, name), "rb") as source:
            stored = storage.save(name, File(source, name=name))
        if stored != name:
            raise OSError(f"{name} was stored as {stored}")
