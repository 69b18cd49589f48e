from django.core.management.base import BaseCommand, CommandError

from alliance.resources import InstitutionResource
from core.imports.files import read_file
from core.imports.problems import ImportProblem
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
        "progress; for files longer than the admin takes. Without --commit nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path", help="A .csv (UTF-8 or GBK/GB18030) or .xlsx file.")
        parser.add_argument(
            "--commit", action="store_true", help="Write the file (otherwise only check it)."
        )

    def handle(self, *args, kind, path, commit=False, **options):
        dataset = self.read(path)
        resource = RESOURCES[kind](progress=self.show_progress)
        result = resource.import_data(
            dataset, dry_run=not commit, rollback_on_validation_errors=True
        )
        for message in result.problems():  # the messages of the admin's preview
            self.stderr.write(message)
        totals = result.totals
        summary = (
            f"{totals['new']} new, {totals['update']} updated, {totals['skip']} unchanged, "
            f"{totals['error'] + totals['invalid']} with errors"
        )
        if result.has_errors() or result.has_validation_errors():
            raise CommandError(f"Nothing was written: {summary}.")
        written = "Written" if commit else "Checked, nothing written (add --commit to write)"
        self.stdout.write(self.style.SUCCESS(f"{written}: {summary}."))

    def read(self, path):
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as error:
            raise CommandError(str(error)) from None
        try:
            return read_file(data, "xlsx" if path.lower().endswith(".xlsx") else "csv")
        except ImportProblem as error:
            raise CommandError(str(error)) from None

    def show_progress(self, done, total):
        self.stdout.write(f"{done} of {total} rows checked", ending="\r" if done < total else "\n")
        self.stdout.flush()
