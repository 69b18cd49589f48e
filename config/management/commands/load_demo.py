import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.demo import films, institutions, sample, weeks
from config.demo.accounts import load_accounts
from config.demo.sync import log


class Command(BaseCommand):
    help = (
        "Load every fact of the three source texts (published), a sample programme of the latest "
        "film week with placeholder posters (marked as sample data; remove_sample_data deletes "
        "it) and the demo accounts admin, editor and durban. Idempotent: a second run changes "
        "nothing. The password comes from DEMO_PASSWORD, or is random and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (not for production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with known passwords and refuses to run with DEBUG "
                "off; pass --force if this really is a demo installation."
            )
        log.clear()
        with transaction.atomic():
            created = load_all()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {log.summary()}."))
        if created:
            self.stdout.write("Demo accounts (shown once):")
            for username, password in created.items():
                self.stdout.write(f"  {username} / {password}")
        else:
            self.stdout.write("Demo accounts admin, editor and durban exist; passwords unchanged.")


def load_all():
    institutions.load_countries()
    sources = institutions.load_sources()
    institutions.load_country_groups()
    inst = institutions.load_institutions()
    editions = institutions.load_editions(inst)
    alliance = institutions.load_alliance(inst, editions, sources)
    institutions.load_memberships(alliance, inst, sources)
    people = films.load_people(inst)
    film_by_slug = films.load_films(people)
    films.load_awards(inst, people, film_by_slug)
    films.load_jury_service(inst, editions, people)
    weeks.load_film_weeks(alliance, inst, editions, sources, people)
    weeks.load_sco_week(inst, people, sources)
    weeks.load_production_base(inst, film_by_slug, sources)
    weeks.load_tour(inst, editions, film_by_slug)
    sample.load_sample_programme()
    return load_accounts(inst, os.environ.get("DEMO_PASSWORD", ""))
