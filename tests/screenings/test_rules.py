"""The rules of the screenings models, enforced by the database (ORM writes that skip clean())
and stated by full_clean() with a readable message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from filmweek.models import Film
from screenings.models import Screening, Tour, Venue
from tests.factories import (
    make_film,
    make_film_week,
    make_institution,
    make_screening,
    make_tour,
    make_tour_stop,
    make_venue,
)

pytestmark = pytest.mark.django_db

START = datetime.datetime(2023, 6, 12, 11, 0, tzinfo=datetime.UTC)
OVERLAP_RULE = "screening_no_overlap_in_venue"


# Unique slugs


@pytest.mark.parametrize(("make", "model"), [(make_venue, Venue), (make_tour, Tour)])
def test_slug_duplicate_refused_by_database(make, model):
    make(slug="shanghai-film-art-centre")

    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make(slug="shanghai-film-art-centre")

    assert model.objects.filter(slug="shanghai-film-art-centre").count() == 1


def test_venue_slug_duplicate_refused_by_full_clean():
    existing = make_venue(slug="shanghai-film-art-centre")
    duplicate = Venue(
        slug="shanghai-film-art-centre",
        name_en="Another venue",
        city_en="Shanghai",
        country=existing.country,
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Venue with this Slug already exists."]}


def test_tour_slug_duplicate_refused_by_full_clean():
    make_tour(slug="belt-and-road-film-tour")
    duplicate = Tour(
        slug="belt-and-road-film-tour", name_en="Another tour", organiser=make_institution()
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Tour with this Slug already exists."]}


# A screening ends after it starts


@pytest.mark.parametrize("length", [datetime.timedelta(0), datetime.timedelta(minutes=-90)])
def test_screening_ends_before_start_refused_by_database(length):
    with (
        pytest.raises(IntegrityError, match="screening_ends_after_start"),
        transaction.atomic(),
    ):
        make_screening(starts_at=START, ends_at=START + length)

    assert Screening.objects.count() == 0


def test_screening_ends_before_start_refused_by_database_on_update():
    screening = make_screening(starts_at=START, ends_at=START + datetime.timedelta(hours=2))

    with (
        pytest.raises(IntegrityError, match="screening_ends_after_start"),
        transaction.atomic(),
    ):
        Screening.objects.filter(pk=screening.pk).update(ends_at=START)

    screening.refresh_from_db()
    assert screening.ends_at == START + datetime.timedelta(hours=2)


@pytest.mark.parametrize("length", [datetime.timedelta(0), datetime.timedelta(minutes=-90)])
def test_screening_ends_before_start_refused_by_full_clean(length):
    screening = make_screening(starts_at=START)
    screening.ends_at = START + length

    with pytest.raises(ValidationError) as error:
        screening.full_clean()

    assert error.value.message_dict == {"ends_at": ["A screening ends after it starts."]}


def test_screening_one_minute_accepted():
    screening = make_screening(starts_at=START, ends_at=START + datetime.timedelta(minutes=1))

    screening.full_clean()

    assert Screening.objects.get(pk=screening.pk).ends_at == START + datetime.timedelta(minutes=1)


def test_screening_overlapping_in_same_venue_refused_by_database():
    first = make_screening(starts_at=START, ends_at=START + datetime.timedelta(hours=2))

    with pytest.raises(IntegrityError, match=OVERLAP_RULE), transaction.atomic():
        make_screening(
            venue=first.venue,
            starts_at=START + datetime.timedelta(hours=1),
            ends_at=START + datetime.timedelta(hours=3),
        )

    assert Screening.objects.count() == 1


def test_screening_overlapping_in_same_venue_refused_by_full_clean():
    first = make_screening(starts_at=START, ends_at=START + datetime.timedelta(hours=2))
    second = Screening(
        film=first.film,
        film_week=first.film_week,
        venue=first.venue,
        starts_at=START + datetime.timedelta(hours=1),
        ends_at=START + datetime.timedelta(hours=3),
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert list(error.value.message_dict) == ["starts_at"]


# A tour stop ends on or after the day it starts


def test_tour_stop_ends_before_start_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="tour_stop_ends_after_start"),
        transaction.atomic(),
    ):
        make_tour_stop(starts_on=datetime.date(2023, 4, 20), ends_on=datetime.date(2023, 4, 19))


def test_tour_stop_ends_before_start_refused_by_full_clean():
    stop = make_tour_stop(starts_on=datetime.date(2023, 4, 20))
    stop.ends_on = datetime.date(2023, 4, 19)

    with pytest.raises(ValidationError) as error:
        stop.full_clean()

    assert error.value.message_dict == {
        "ends_on": ["A tour stop ends on or after the day it starts."]
    }


def test_tour_stop_one_day_accepted():
    stop = make_tour_stop(starts_on=datetime.date(2023, 4, 20), ends_on=datetime.date(2023, 4, 20))

    stop.full_clean()

    assert stop.ends_on == stop.starts_on


# Publication status


@pytest.mark.parametrize("make", [make_venue, make_tour])
def test_status_unknown_refused_by_database(make):
    with pytest.raises(IntegrityError, match="status_valid"), transaction.atomic():
        make(status="archived")


@pytest.mark.parametrize("make", [make_venue, make_tour])
def test_status_unknown_refused_by_full_clean(make):
    record = make()
    record.status = "archived"

    with pytest.raises(ValidationError) as error:
        record.full_clean()

    assert error.value.message_dict == {"status": ["Value 'archived' is not a valid choice."]}


# Protected deletes


def test_film_with_screenings_delete_refused():
    film = make_film()
    make_screening(film=film, film_week=make_film_week())

    with pytest.raises(ProtectedError), transaction.atomic():
        film.delete()

    assert Film.objects.filter(pk=film.pk).count() == 1
    assert film.screenings.count() == 1
