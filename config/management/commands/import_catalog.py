import os

from django.core.management.base import BaseCommand, CommandError

from alliance.resources import InstitutionResource
from core.imports.files import read_file
from core.imports.problems import ImportProblem
from core.imports.runs import import_run_now, import_run_record, run_import, run_summary
from core.models import ImportState
from filmweek.resources import FilmResource, PersonResource
from screenings.resources import ScreeningResource

RESOURCES = {
    "institutions": InstitutionResource,
    "people": PersonResource,
    "films": FilmResource,
    "screenings": ScreeningResource,
}


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of institutions, people, films or screenings with the rules "
        "of the admin's import (same columns, natural keys, all or nothing), showing its "
        "progress; for files longer than the admin takes. Without --commit nothing is written; "
        "with it the import is recorded as an import run (in the admin), run here or, with "
        "--queue, by the task worker (manage.py db_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path", help="A .csv (UTF-8 or GBK/GB18030) or .xlsx file.")
        parser.add_argument(
            "--commit", action="store_true", help="Write the file (otherwise only check it)."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="With --commit: leave the import to the task worker instead of running it here.",
        )

    def handle(self, *args, kind, path, commit=False, queue=False, **options):
        if commit:
            return self.record_run(kind, path, queue)
        dataset = self.read(path)
        resource = RESOURCES[kind](progress=self.show_progress)
        result = resource.import_data(dataset, dry_run=True, rollback_on_validation_errors=True)
        for message in result.problems():  # the messages of the admin's preview
            self.stderr.write(message)
        totals = result.totals
        summary = (
            f"{totals['new']} new, {totals['update']} updated, {totals['skip']} unchanged, "
            f"{totals['error'] + totals['invalid']} with errors"
        )
        if result.has_errors() or result.has_validation_errors():
            raise CommandError(f"Nothing was written: {summary}.")
        self.stdout.write(
            self.style.SUCCESS(f"Checked, nothing written (add --commit to write): {summary}.")
        )

    def record_run(self, kind, path, queue):
        """The import as an ImportRun, like the admin's: run here (the file read from its
        path, not stored in the run), or queued for the worker."""
        data = self.read_bytes(path)
        run = import_run_record(
            resource_class=RESOURCES[kind],
            data=data if queue else None,
            file_format=file_format(path),
            file_name=os.path.basename(path),
        )
        if queue:
            run_import.enqueue(run.pk)
            run.refresh_from_db()
            if not run.finished:
                self.stdout.write(f"Queued as import run {run.pk}; the admin shows its result.")
                return
            self.stdout.write("The task backend runs tasks at once: the import has run here.")
        else:
            import_run_now(run_id=run.pk, data=data, progress=self.show_progress)
            run.refresh_from_db()
        for message in run.problems:
            self.stderr.write(message)
        if run.state == ImportState.FAILED:
            raise CommandError(f"Nothing was written: {run_summary(run)}.")
        self.stdout.write(self.style.SUCCESS(f"Written: {run_summary(run)} (import run {run.pk})."))

    def read_bytes(self, path):
        try:
            with open(path, "rb") as file:
                return file.read()
        except OSError as error:
            raise CommandError(str(error)) from None

    def read(self, path):
        data = self.read_bytes(path)
        try:
            return read_file(data, file_format(path))
        except ImportProblem as error:
            raise CommandError(str(error)) from None

    def show_progress(self, done, total):
        self.stdout.write(f"{done} of {total} rows checked", ending="\r" if done < total else "\n")
        self.stdout.flush()


def file_format(path):
    return "xlsx" if path.lower().endswith(".xlsx") else "csv"
