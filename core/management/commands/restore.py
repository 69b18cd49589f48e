import logging
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from core.backup import database, media
from core.backup.checks import BadBackup, checked_backup, verification

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup DIR`: the database (pg_restore --no-owner, or the "
        "SQLite copy) and the media files, then compare rows per table and media checksums "
        "with its manifest (each table's with -v 2); exits non-zero on a difference. Refuses "
        "a database with rows or a storage with files unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="A folder written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore over a database with rows and a storage with files (replacing them).",
        )

    def handle(self, *args, folder, force=False, **options):
        source = Path(folder)
        try:
            expected = checked_backup(source, connection.vendor)
        except BadBackup as error:
            raise CommandError(str(error)) from None
        try:
            if not force:
                self.refuse_unless_empty()
            replace = bool(connection.introspection.table_names())
            database.restore(source, replace=replace)
            media.copy_in(source / "media", default_storage, sorted(expected["media"]))
            self.forget_cached_pages()
            counts = database.row_counts()
            lines, differences = verification(expected, counts, default_storage)
        except database.DatabaseToolFailed as error:
            raise CommandError(str(error)) from None
        except media.STORAGE_ERRORS as error:
            raise CommandError(f"The media storage failed: {error}") from None
        except OperationalError as error:
            raise CommandError(f"The database cannot be reached: {error}") from None
        for line in lines:
            self.stdout.write(line)
        if options["verbosity"] >= 2:
            for name, rows in sorted(expected["tables"].items()):
                self.stdout.write(f"  {name:<48} {rows:>10} {counts.get(name, '-'):>10}")
        if differences:
            raise CommandError(f"The restore differs from the backup: {'; '.join(differences)}")
        self.stdout.write(self.style.SUCCESS(f"Restored {source}; counts and checksums match."))

    def refuse_unless_empty(self):
        rows = database.rows_beyond_migrate()
        files = media.stored_names(default_storage)
        if rows or files:
            held = [f"{name} ({count} rows)" for name, count in list(rows.items())[:5]]
            held += files[:5]
            raise CommandError(
                "The database or the media storage is not empty; pass --force to replace "
                f"what is there. It holds: {', '.join(held)}."
            )

    def forget_cached_pages(self):
        try:
            cache.clear()  # pages and version tokens of the database that was replaced
        except Exception:  # a cache that cannot be reached holds nothing to serve either
            logger.exception("The cache could not be cleared after the restore")
