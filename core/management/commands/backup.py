from pathlib import Path

import psycopg
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from core.backup import database, manifest, media
from core.backup.private import private_files


class Command(BaseCommand):
    help = (
        "Back up the default database (PostgreSQL: pg_dump --format=custom; SQLite: a copy) and "
        "every file of the media storage (filesystem or S3) into DIR, with a manifest of rows "
        "per table and a sha256 per file that `restore DIR` checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="A new or empty folder.")

    def handle(self, *args, folder, **options):
        target = Path(folder)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise CommandError(f"{target} must be a new or empty folder.")
        with private_files():
            tables, checksums = self.write(target)
        self.stdout.write(
            f"Backed up {len(tables)} tables ({sum(tables.values())} rows) and "
            f"{len(checksums)} media files to {target}."
        )

    def write(self, target):
        try:
            (target / "media").mkdir(parents=True, exist_ok=True)
            target.chmod(0o700)  # a folder given empty keeps its mode otherwise
        except OSError as error:
            raise CommandError(f"{target} cannot be created: {error}") from None
        try:
            tables = database.dump(target)
        except database.DatabaseToolFailed as error:
            raise CommandError(str(error)) from None
        except (OperationalError, psycopg.OperationalError) as error:
            raise CommandError(f"The database cannot be reached: {error}") from None
        try:
            checksums = media.copy_out(default_storage, target / "media")
        except media.UnsafeName as error:
            raise CommandError(
                f"A stored file's name is not a plain path, so it cannot be copied: "
                f"{str(error)!r}; rename or remove it in the storage."
            ) from None
        except SuspiciousOperation as error:
            raise CommandError(f"The media storage refused a file name: {error}") from None
        except media.STORAGE_ERRORS as error:
            raise CommandError(f"The media storage failed: {error}") from None
        manifest.write(
            target,
            vendor=connection.vendor,
            database_file=database.file_name(connection.vendor),
            tables=tables,
            media=checksums,
            release=settings.RELEASE,
        )
        return tables, checksums
