from django.core.management.base import BaseCommand
from django.db import transaction

from config.demo.sample import remove_sample_data


class Command(BaseCommand):
    help = (
        "Delete the demo's sample data: its venues, screenings and activity sessions, and its "
        "placeholder posters with their files. The facts of the source texts stay. Running it "
        "again removes nothing; load_demo brings the sample data back."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            removed = remove_sample_data()
        if not any(removed.values()):
            self.stdout.write("No sample data to remove.")
            return
        summary = ", ".join(f"{count} {what}" for what, count in removed.items())
        self.stdout.write(self.style.SUCCESS(f"Removed sample data: {summary}."))
