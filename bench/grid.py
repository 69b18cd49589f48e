"""The programme grid of a film week of 300 screenings in 12 venues, rendered in process by the
back office (Django's test client, signed in as a superuser), against its target of 150 ms
(bench/targets.py).

`make bench` measures it once against its own database (`python -m bench.probe grid`): the
week is added inside a transaction that is rolled back, so the catalog stays as generated, and
the median goes into docs/performance.md with the TARGET line `grid_ms`. `make bench-grid`
(`python -m bench.grid`) measures it alone on a throwaway test database, prints that line and
exits 1 when the target is missed (except in `make bench-smoke`)."""

import datetime
import os
import statistics
import sys
import time
from zoneinfo import ZoneInfo

SCREENINGS, VENUES, FILMS, RUNS = 300, 12, 40, 15
PREFIX = "bench-grid"  # of the slugs and user added, none of which a generated catalog uses


def build_week():
    """(film week, superuser): 25 screenings a venue, 9 days x 3 slots (10:00, 14:00, 19:00),
    the first 25 of them."""
    from tests.factories import (
        make_film,
        make_film_week,
        make_institution,
        make_screening,
        make_user,
        make_venue,
    )

    zone = ZoneInfo("Asia/Shanghai")
    week = make_film_week(
        slug=f"{PREFIX}-week",
        organiser=make_institution(slug=f"{PREFIX}-organiser"),
        starts_on=datetime.date(2023, 6, 10),
        ends_on=datetime.date(2023, 6, 18),
    )
    venues = [make_venue(slug=f"{PREFIX}-venue-{n}") for n in range(VENUES)]
    films = [make_film(slug=f"{PREFIX}-film-{n}") for n in range(FILMS)]
    for n in range(SCREENINGS):
        venue, slot = venues[n % VENUES], n // VENUES
        day, hour = 10 + slot // 3, (10, 14, 19)[slot % 3]
        starts_at = datetime.datetime(2023, 6, day, hour, tzinfo=zone)
        make_screening(film=films[n % FILMS], film_week=week, venue=venue, starts_at=starts_at)
    user = make_user(username=PREFIX, is_staff=True, is_superuser=True)
    return week, user


def measure(week, user):
    """The median milliseconds of RUNS requests of the week's grid, after a warm-up one."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = f"/admin/screenings/screening/grid/{week.pk}/"
    status = client.get(url).status_code  # warm up: templates, translations
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200")
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def measured_in_transaction():
    """What bench.probe answers: the grid measured on the configured database, with the week
    added for it rolled back."""
    from django.db import transaction

    with transaction.atomic():
        median = measure(*build_week())
        transaction.set_rollback(True)
    return {"median_ms": median, "runs": RUNS, "screenings": SCREENINGS, "venues": VENUES}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-elsewhere")
    os.environ.setdefault("STATIC_MANIFEST", "0")  # no collectstatic needed
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from bench.targets import grid_target

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        median = measure(*build_week())
    finally:
        teardown_databases(databases, verbosity=0)
    target = grid_target(median)
    print(target.line())
    # The smoke run of CI shares its machine with the tests: it reports, and fails only by hand.
    return 0 if target.verdict == "PASS" or os.environ.get("BENCH_SMOKE") else 1


if __name__ == "__main__":
    sys.exit(main())
