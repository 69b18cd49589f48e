"""`make bench-grid` (also the last step of `make bench`): the programme grid of a film week of
300 screenings in 12 venues, rendered in process (test client, throwaway test database),
against its target of 150 ms. Prints one TARGET line; exits 1 when the target is missed
(except in `make bench-smoke`)."""

import datetime
import os
import statistics
import sys
import time
from zoneinfo import ZoneInfo

SCREENINGS, VENUES, RUNS = 300, 12, 15
TARGET_MS = 150


def build_week():
    from tests.factories import make_film, make_film_week, make_screening, make_user, make_venue

    zone = ZoneInfo("Asia/Shanghai")
    week = make_film_week(starts_on=datetime.date(2023, 6, 10), ends_on=datetime.date(2023, 6, 18))
    venues = [make_venue() for _ in range(VENUES)]
    films = [make_film() for _ in range(40)]
    # 25 screenings a venue: 9 days x 3 slots (10:00, 14:00, 19:00), the first 25 of them.
    for n in range(SCREENINGS):
        venue, slot = venues[n % VENUES], n // VENUES
        day, hour = 10 + slot // 3, (10, 14, 19)[slot % 3]
        starts_at = datetime.datetime(2023, 6, day, hour, tzinfo=zone)
        make_screening(film=films[n % len(films)], film_week=week, venue=venue, starts_at=starts_at)
    return week, make_user(is_staff=True, is_superuser=True)


def measure(week, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = f"/admin/screenings/screening/grid/{week.pk}/"
    assert client.get(url).status_code == 200  # warm up: templates, translations
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-elsewhere")
    os.environ.setdefault("STATIC_MANIFEST", "0")  # no collectstatic needed
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        median = measure(*build_week())
    finally:
        teardown_databases(databases, verbosity=0)
    met = median < TARGET_MS
    print(
        f"TARGET programme grid, {SCREENINGS} screenings in {VENUES} venues: "
        f"median {median:.0f} ms of {RUNS} (target < {TARGET_MS} ms): "
        f"{'met' if met else 'MISSED'}"
    )
    # The smoke run of CI shares its machine with the tests: it reports, and fails only by hand.
    return 0 if met or os.environ.get("BENCH_SMOKE") else 1


if __name__ == "__main__":
    sys.exit(main())
