"""Prefetches that cost no query for a relation without rows (alliance.prefetch), on the film
page's relations: a reverse foreign key (credits), a many-to-many field (languages), a
reverse relation read into an attribute (upcoming screenings, with their guests)."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from alliance.base import Status
from alliance.prefetch import flag_present, prefetch_present
from filmweek.models import Credit, Film, Language
from screenings.models import Screening
from tests.factories import make_credit, make_film, make_film_week, make_person, make_venue

PUBLISHED = {"status": Status.PUBLISHED}
PREFETCHES = [
    "languages",
    Prefetch("credits", queryset=Credit.objects.select_related("person")),
    Prefetch(
        "screenings",
        queryset=Screening.objects.filter(ends_at__gt=timezone.now()).prefetch_related("guests"),
        to_attr="upcoming",
    ),
]


def read(film):
    return prefetch_present(
        flag_present(Film.objects.all(), PREFETCHES).get(pk=film.pk), PREFETCHES
    )


def test_prefetch_present_relations_without_rows_cost_no_query(db, django_assert_num_queries):
    film = make_film()

    with django_assert_num_queries(1):
        loaded = read(film)
        shown = [list(loaded.languages.all()), list(loaded.credits.all()), loaded.upcoming]

    assert shown == [[], [], []]


def test_prefetch_present_relations_with_rows_are_read_once_each(db, django_assert_num_queries):
    film = make_film(**PUBLISHED)
    film.languages.add(Language.objects.create(code="ru", name_en="Russian"))
    make_credit(film=film, person=make_person(name_en="Lei Jiayin"))
    starts = timezone.now() + datetime.timedelta(days=1)
    Screening.objects.create(
        film=film,
        film_week=make_film_week(),
        venue=make_venue(),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )

    # The film with its flags, languages, credits, screenings, and the screenings' guests.
    with django_assert_num_queries(5):
        loaded = read(film)
        shown = [
            [language.code for language in loaded.languages.all()],
            [credit.person.name_en for credit in loaded.credits.all()],
            len(loaded.upcoming),
        ]

    assert shown == [["ru"], ["Lei Jiayin"], 1]


def test_prefetch_present_flags_follow_the_prefetch_filter(db):
    film = make_film()
    Screening.objects.create(
        film=film,
        film_week=make_film_week(),
        venue=make_venue(),
        starts_at=datetime.datetime(2020, 1, 1, 19, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2020, 1, 1, 21, tzinfo=datetime.UTC),
    )

    loaded = read(film)

    assert [loaded.has_screenings, loaded.upcoming] == [False, []]
