import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from api.open_data import export_to_folder, zip_folder


def writable_folder(path):
    """`path` as a folder that exists and may be written to (made if missing), or a
    CommandError saying why not."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is a file, not a folder: give a folder to write into.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"Cannot make the folder {folder}: {error.strerror}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(f"Cannot write into the folder {folder}: permission denied.")
    return folder


class Command(BaseCommand):
    help = (
        "Write the published catalog as CSV files, one per table, and a Frictionless Data "
        "Package descriptor (datapackage.json) into a folder; with --zip, the same files as a "
        "zip too. Drafts, and rows linking to drafts, are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", help="Made if missing; files of an earlier export in it are replaced."
        )
        parser.add_argument("--zip", metavar="PATH", help="Also write the files as this zip.")

    def handle(self, *args, folder, zip=None, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.monotonic()
        folder = writable_folder(folder)
        if zip and Path(zip).is_dir():
            raise CommandError(f"{zip} is a folder: give the path of the zip file to write.")
        try:
            counts = export_to_folder(folder, progress=self.show_progress)
            if zip:
                zip_folder(folder, zip)
        except OSError as error:
            raise CommandError(f"Could not write {error.filename}: {error.strerror}.") from None
        seconds = time.monotonic() - started
        rows = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(counts)} tables ({rows} rows) and datapackage.json into {folder}"
                + (f" and {zip}" if zip else "")
                + f" in {seconds:.1f} s."
            )
        )

    def show_progress(self, name, rows):
        if self.verbosity >= 2:
            self.stdout.write(f"{name}.csv: {rows} rows")
