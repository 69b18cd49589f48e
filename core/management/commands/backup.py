from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from core.backup import database, manifest, media


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
        try:
            (target / "media").mkdir(parents=True, exist_ok=True)
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
            raise CommandError(f"A stored file has a name unfit for a folder: {error}") from None
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
        self.stdout.write(
            f"Backed up {len(tables)} tables ({sum(tables.values())} rows) and "
            f"{len(checksums)} media files to {target}."
        )
