"""manifest.json of a backup folder: what the backup holds, for `restore` to check against."""

import datetime
import json
import re

FILE = "manifest.json"
FORMAT = 1
SHA256 = re.compile(r"[0-9a-f]{64}")


class BadManifest(Exception):
    """The manifest is missing, unreadable or not of a backup; the message says which."""


def write(folder, *, vendor, database_file, tables, media, release):
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "release": release,
        "database": {"vendor": vendor, "file": database_file},
        "tables": tables,
        "media": media,
    }
    (folder / FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def read(folder):
    path = folder / FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadManifest(f"{path} is missing: is this a folder written by `backup`?") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BadManifest(f"{path} cannot be read: {error}") from None
    _check(manifest, path)
    return manifest


def _check(manifest, path):
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BadManifest(f"{path} is not a manifest of format {FORMAT}")
    database = manifest.get("database")
    tables, media = manifest.get("tables"), manifest.get("media")
    if not (isinstance(database, dict) and isinstance(database.get("file"), str)):
        raise BadManifest(f"{path} names no database file")
    if not isinstance(tables, dict) or not all(
        isinstance(rows, int) and rows >= 0 for rows in tables.values()
    ):
        raise BadManifest(f"{path}: 'tables' must map each table to its number of rows")
    if not isinstance(media, dict) or not all(
        isinstance(name, str) and isinstance(digest, str) and SHA256.fullmatch(digest)
        for name, digest in media.items()
    ):
        raise BadManifest(f"{path}: 'media' must map each file name to its sha256")
