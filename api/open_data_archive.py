"""The downloadable zip of the open-data export, kept in default storage (MEDIA_ROOT or the S3
bucket) as open-data/catalog-<token>.zip beside a manifest catalog-<token>.json (when it was
built, its size and rows per table: the page reads them, not the database).

The token is a digest of the version tokens (core.cache.versions) of every exported table, so
any save to the catalog gives a new one. The first request that finds no archive for the
current token starts a build in a thread of its own, waits for it a moment (a small catalog's
build is done by then) and otherwise goes on with the newest archive there is: a large catalog
takes longer than a request may wait. One build at a time, by a lock in the shared cache; once a
build is stored, the older archives are deleted.
"""

import datetime
import hashlib
import json
import logging
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

from api.open_data import export_to_folder, zip_folder
from api.open_data_tables import exported_models
from core.cache.versions import table_key, tokens

FOLDER = "open-data"
LOCK_KEY = "open-data:building"
# A build of the benchmark's catalog (100,000 films, 1,000,000 screenings) takes far less; a
# lock left by a process that died lapses after this.
LOCK_SECONDS = 30 * 60
FAILED_BUILD_PAUSE_SECONDS = 60

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Archive:
    token: str
    built_at: datetime.datetime
    size: int  # bytes of the zip
    counts: dict  # {table name: rows}

    @property
    def path(self):
        return f"{FOLDER}/catalog-{self.token}.zip"

    @property
    def download_name(self):
        return f"film-alliance-catalog-{self.built_at:%Y-%m-%d}-{self.token}.zip"


def _manifest_path(token):
    return f"{FOLDER}/catalog-{token}.json"


def catalog_token():
    """A digest of the version tokens of every exported table."""
    keys = sorted(table_key(model) for model in exported_models())
    text = ":".join(map(str, tokens(keys)))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _read_manifest(path):
    try:
        with default_storage.open(path) as file:
            data = json.load(file)
    except (OSError, ValueError):  # deleted meanwhile, or not written completely
        return None
    built_at = datetime.datetime.fromisoformat(data["built_at"])
    return Archive(data["token"], built_at, data["size"], data["counts"])


def archive_for(token):
    """The stored archive of `token`, or None."""
    if not token.isalnum():
        return None
    return _read_manifest(_manifest_path(token))


def _stored_names():
    try:
        return default_storage.listdir(FOLDER)[1]
    except FileNotFoundError:
        return []


def newest_archive():
    """The most recently built archive in storage, or None."""
    manifests = (_read_manifest(f"{FOLDER}/{name}") for name in _stored_names())
    found = [manifest for manifest in manifests if manifest is not None]
    return max(found, key=lambda archive: archive.built_at, default=None)


def _replace(path, content):
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, content)


def build_archive(token):
    """Export the catalog, store its zip and manifest under `token` and delete the others."""
    with tempfile.TemporaryDirectory(prefix="open-data-") as work:
        folder, target = Path(work) / "catalog", Path(work) / "catalog.zip"
        counts = export_to_folder(folder)
        zip_folder(folder, target)
        archive = Archive(token, datetime.datetime.now(datetime.UTC), target.stat().st_size, counts)
        with open(target, "rb") as file:
            _replace(archive.path, File(file))
    manifest = {
        "token": token,
        "built_at": archive.built_at.isoformat(),
        "size": archive.size,
        "counts": counts,
    }
    # The manifest last: an archive is listed only once its zip is complete.
    _replace(_manifest_path(token), ContentFile(json.dumps(manifest).encode()))
    for name in _stored_names():
        if token not in name:
            default_storage.delete(f"{FOLDER}/{name}")
    return archive


def build_and_unlock(token):
    try:
        build_archive(token)
    except Exception:
        logger.exception("The open-data archive could not be built")
        # The lock is kept a while: a build that fails is not tried again by every request.
        cache.set(LOCK_KEY, "failed", timeout=FAILED_BUILD_PAUSE_SECONDS)
    else:
        cache.delete(LOCK_KEY)


def _in_thread(token):
    try:
        build_and_unlock(token)
    finally:
        connections.close_all()  # this thread's own connections


def run_in_background(token):
    """Start the build in a thread; the thread (tests replace this to build at once)."""
    thread = threading.Thread(target=_in_thread, args=(token,), daemon=True, name="open-data")
    thread.start()
    return thread


def current_archive(wait=0.0):
    """(the archive to offer, whether it is of the current catalog). A build is started when
    the current catalog has none and no build runs; the answer waits up to `wait` seconds for
    it, else it is the newest archive there is (None before the first build)."""
    try:
        token = catalog_token()
        found = archive_for(token)
        if found is not None:
            return found, True
        building_here = cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS)
    except Exception:  # any cache client error: no token to check it by, nor a lock
        logger.exception("The cache could not be read: the newest open-data archive is offered")
        return newest_archive(), False
    if building_here:
        thread = run_in_background(token)
        if thread is not None:
            thread.join(wait)
        found = archive_for(token)
        if found is not None:
            return found, True
    return newest_archive(), False
