"""What `restore` checks: the backup folder before anything is replaced, and the database and
storage after the restore, against the manifest."""

from pathlib import Path

from core.backup import database, manifest, media

NAMES_SHOWN = 5


class BadBackup(Exception):
    """The folder is not a complete backup for this database; the message says why."""


def checked_backup(folder: Path, vendor: str) -> dict:
    """The manifest of `folder` once the folder is found whole: its database file there and of
    this database's kind, each media file there with its checksum."""
    if not folder.is_dir():
        raise BadBackup(f"{folder} is not a folder.")
    try:
        found = manifest.read(folder)
    except manifest.BadManifest as error:
        raise BadBackup(str(error)) from None
    kind = found["database"].get("vendor")
    if kind != vendor:
        raise BadBackup(f"The backup is of a {kind} database; this database is {vendor}.")
    dump = folder / database.file_name(vendor)
    if found["database"]["file"] != dump.name or not dump.is_file():
        raise BadBackup(f"{dump} is missing.")
    _check_media(folder / "media", found["media"])
    return found


def _check_media(folder, checksums):
    missing, damaged = [], []
    for name, expected in sorted(checksums.items()):
        try:
            path = media.local_path(folder, name)
        except media.UnsafeName:
            raise BadBackup(
                f"The manifest names a file outside the media folder: {name!r}."
            ) from None
        if not path.is_file():
            missing.append(name)
            continue
        with open(path, "rb") as file:
            if media.checksum(file) != expected:
                damaged.append(name)
    if missing:
        raise BadBackup(f"{len(missing)} media files are missing, e.g. {_some(missing)}.")
    if damaged:
        raise BadBackup(f"{len(damaged)} media files differ from the manifest: {_some(damaged)}.")


def _some(names):
    return ", ".join(names[:NAMES_SHOWN])


def verification(expected, counts, storage):
    """(the lines of a short table, the differences) of the restored rows and media files."""
    tables = expected["tables"]
    unequal = [name for name, rows in tables.items() if counts.get(name) != rows]
    checksums = expected["media"]
    unlike = [
        name
        for name, digest in sorted(checksums.items())
        if _stored_checksum(storage, name) != digest
    ]
    lines = [
        f"{'':<12} {'backup':>10} {'restored':>10} {'equal':>7}",
        _line("tables", len(tables), len(tables) - len(unequal), unequal),
        _line("rows", sum(tables.values()), sum(counts.get(name, 0) for name in tables), unequal),
        _line("media files", len(checksums), len(checksums) - len(unlike), unlike),
    ]
    differences = [f"{name}: {tables[name]} rows, restored {counts.get(name)}" for name in unequal]
    differences += [f"{name}: checksum differs" for name in unlike]
    return lines, differences


def _line(label, expected, restored, differing):
    return f"{label:<12} {expected:>10} {restored:>10} {'no' if differing else 'yes':>7}"


def _stored_checksum(storage, name):
    try:
        return media.stored_checksum(storage, name)
    except FileNotFoundError:
        return None
