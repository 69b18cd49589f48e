import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from config.generator.catalog import AlreadyGenerated, Generator, Sizes, delete_synthetic


class Command(BaseCommand):
    help = (
        "Write deterministic synthetic films, people, institutions, memberships, film weeks, "
        "venues and screenings for load tests, marked by slugs starting with 'syn-<seed>-' and "
        "the source 'Synthetic data (generate_catalog, seed S)'. Refuses a seed already "
        "generated; --delete removes every synthetic row and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--films", type=int, default=100)
        parser.add_argument("--people", type=int, default=100)
        parser.add_argument("--institutions", type=int, default=20)
        parser.add_argument("--screenings", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--delete", action="store_true", help="Delete all synthetic rows (every seed)."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["delete"]:
            with transaction.atomic():
                deleted = delete_synthetic()
            self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} synthetic rows."))
            return
        sizes = Sizes(
            films=options["films"],
            people=options["people"],
            institutions=options["institutions"],
            screenings=options["screenings"],
        )
        if min(sizes.films, sizes.people, sizes.institutions) < 1 or sizes.screenings < 0:
            raise CommandError("Give at least one film, person and institution.")
        try:
            with transaction.atomic():
                rows = Generator(options["seed"], sizes, self.stdout).run()
        except AlreadyGenerated:
            raise CommandError(
                f"Synthetic data of seed {options['seed']} is already there; run with --delete "
                "first, or pick another seed."
            ) from None
        if connection.vendor == "postgresql":
            self.tidy_postgresql()
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Wrote {rows} rows in {seconds:.1f} s."))

    def tidy_postgresql(self):
        """What autovacuum would do some time later, done now: planner statistics (with those
        of the empty tables, the schedule's queries took seconds instead of milliseconds) and
        the visibility map (without it, search read table pages its indexes could have
        answered: p95 11-21 ms instead of 4-5 ms). VACUUM cannot run in a transaction (a
        test's): ANALYZE alone then."""
        self.stdout.write("Updating PostgreSQL's statistics and visibility map...")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
