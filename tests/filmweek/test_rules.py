"""The rules of the filmweek models, enforced by the database (ORM writes that skip clean())
and stated by full_clean() with a readable message."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alliance.models import InstitutionKind
from filmweek.models import Award, Credit, Film, FilmWeek, IncentivePolicy, Person
from tests.factories import (
    make_award,
    make_credit,
    make_film,
    make_film_week,
    make_incentive_policy,
    make_institution,
    make_person,
)

pytestmark = pytest.mark.django_db

TOO_EARLY = "Ensure this value is greater than or equal to 1880."
TOO_LATE = "Ensure this value is less than or equal to 2100."


# Unique slugs


@pytest.mark.parametrize(("make", "model"), [(make_person, Person), (make_film, Film)])
def test_slug_duplicate_refused_by_database(make, model):
    make(slug="wang-xiaoshuai")

    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make(slug="wang-xiaoshuai")

    assert model.objects.filter(slug="wang-xiaoshuai").count() == 1


def test_film_week_slug_duplicate_refused_by_database():
    make_film_week(slug="belt-and-road-2023")

    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make_film_week(slug="belt-and-road-2023")

    assert FilmWeek.objects.filter(slug="belt-and-road-2023").count() == 1


def test_person_slug_duplicate_refused_by_full_clean():
    make_person(slug="wang-xiaoshuai")
    duplicate = Person(slug="wang-xiaoshuai", name_en="Another person")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Person with this Slug already exists."]}


def test_film_slug_duplicate_refused_by_full_clean():
    make_film(slug="five-hundred-miles")
    duplicate = Film(slug="five-hundred-miles", title_original="Another film")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Film with this Slug already exists."]}


def test_film_week_slug_duplicate_refused_by_full_clean():
    make_film_week(slug="belt-and-road-2023")
    duplicate = FilmWeek(
        slug="belt-and-road-2023", name_en="Another week", organiser=make_institution(), year=2023
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Film week with this Slug already exists."]}


# An award names a person or a film


def test_award_naming_nobody_refused_by_database():
    with pytest.raises(IntegrityError, match="award_names_person_or_film"), transaction.atomic():
        make_award(person=None, film=None)

    assert Award.objects.count() == 0


def test_award_naming_nobody_refused_by_full_clean_with_one_message():
    award = Award(body=make_institution(), year=2023, category_en="Best Film")

    with pytest.raises(ValidationError) as error:
        award.full_clean()

    assert error.value.message_dict == {"person": ["An award names a person, a film, or both."]}


@pytest.mark.parametrize("names", ["person", "film", "both"])
def test_award_naming_person_or_film_accepted(names):
    person = make_person() if names in ("person", "both") else None
    film = make_film() if names in ("film", "both") else None
    award = Award(
        body=make_institution(), year=2023, category_en="Best Film", person=person, film=film
    )

    award.full_clean()
    award.save()

    assert Award.objects.count() == 1


# Edition numbers start at 1


def test_award_edition_number_zero_refused_by_database():
    with pytest.raises(IntegrityError, match="award_edition_positive"), transaction.atomic():
        make_award(edition_number=0)


def test_award_edition_number_zero_refused_by_full_clean():
    award = make_award(edition_number=45)
    award.edition_number = 0

    with pytest.raises(ValidationError) as error:
        award.full_clean()

    assert error.value.message_dict == {"edition_number": ["Edition numbers start at 1."]}


def test_film_week_edition_number_zero_refused_by_database():
    with pytest.raises(IntegrityError, match="film_week_edition_positive"), transaction.atomic():
        make_film_week(edition_number=0)


def test_film_week_edition_number_zero_refused_by_full_clean():
    film_week = make_film_week(edition_number=6)
    film_week.edition_number = 0

    with pytest.raises(ValidationError) as error:
        film_week.full_clean()

    assert error.value.message_dict == {"edition_number": ["Edition numbers start at 1."]}


# Years between 1880 and 2100


@pytest.mark.parametrize("year", [1700, 1879, 2101, 2500])
def test_film_year_out_of_range_refused_by_database(year):
    with pytest.raises(IntegrityError, match="film_year_in_range"), transaction.atomic():
        make_film(year=year)


@pytest.mark.parametrize(("year", "message"), [(1700, TOO_EARLY), (2500, TOO_LATE)])
def test_film_year_out_of_range_refused_by_full_clean(year, message):
    film = make_film(year=2020)
    film.year = year

    with pytest.raises(ValidationError) as error:
        film.full_clean()

    assert error.value.message_dict == {"year": [message]}


@pytest.mark.parametrize("year", [1880, 2100, None])
def test_film_year_at_bounds_or_unknown_accepted(year):
    film = make_film(year=year)

    film.full_clean()

    assert Film.objects.get(pk=film.pk).year == year


@pytest.mark.parametrize("year", [1700, 2500])
def test_film_week_year_out_of_range_refused_by_database(year):
    with pytest.raises(IntegrityError, match="film_week_year_in_range"), transaction.atomic():
        make_film_week(year=year)


@pytest.mark.parametrize(("year", "message"), [(1700, TOO_EARLY), (2500, TOO_LATE)])
def test_film_week_year_out_of_range_refused_by_full_clean(year, message):
    film_week = make_film_week(year=2023)
    film_week.year = year

    with pytest.raises(ValidationError) as error:
        film_week.full_clean()

    assert error.value.message_dict == {"year": [message]}


@pytest.mark.parametrize("year", [1700, 2500])
def test_award_year_out_of_range_refused_by_database(year):
    with pytest.raises(IntegrityError, match="award_year_in_range"), transaction.atomic():
        make_award(year=year)


@pytest.mark.parametrize(("year", "message"), [(1700, TOO_EARLY), (2500, TOO_LATE)])
def test_award_year_out_of_range_refused_by_full_clean(year, message):
    award = make_award(year=2023)
    award.year = year

    with pytest.raises(ValidationError) as error:
        award.full_clean()

    assert error.value.message_dict == {"year": [message]}


# A film week ends on or after the day it starts


def test_film_week_ends_before_start_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="film_week_ends_on_or_after_start"),
        transaction.atomic(),
    ):
        make_film_week(starts_on=datetime.date(2023, 6, 10), ends_on=datetime.date(2023, 6, 9))


def test_film_week_ends_before_start_refused_by_database_on_update():
    film_week = make_film_week(
        starts_on=datetime.date(2023, 6, 10), ends_on=datetime.date(2023, 6, 18)
    )

    with (
        pytest.raises(IntegrityError, match="film_week_ends_on_or_after_start"),
        transaction.atomic(),
    ):
        FilmWeek.objects.filter(pk=film_week.pk).update(ends_on=datetime.date(2023, 6, 1))

    film_week.refresh_from_db()
    assert film_week.ends_on == datetime.date(2023, 6, 18)


def test_film_week_ends_before_start_refused_by_full_clean():
    film_week = make_film_week(
        starts_on=datetime.date(2023, 6, 10), ends_on=datetime.date(2023, 6, 18)
    )
    film_week.ends_on = datetime.date(2023, 6, 9)

    with pytest.raises(ValidationError) as error:
        film_week.full_clean()

    assert error.value.message_dict == {
        "ends_on": ["A film week ends on or after the day it starts."]
    }


def test_film_week_one_day_accepted():
    film_week = make_film_week(
        starts_on=datetime.date(2023, 6, 10), ends_on=datetime.date(2023, 6, 10)
    )

    film_week.full_clean()

    assert film_week.ends_on == film_week.starts_on


# Only cast credits name a character


@pytest.mark.parametrize("field", ["character_en", "character_zh"])
def test_credit_character_on_director_refused_by_database(field):
    with (
        pytest.raises(IntegrityError, match="credit_character_only_for_cast"),
        transaction.atomic(),
    ):
        make_credit(role="director", **{field: "Meng Xiaochun"})

    assert Credit.objects.count() == 0


def test_credit_character_on_director_refused_by_full_clean():
    credit = make_credit(role="director")
    credit.character_zh = "孟小春"

    with pytest.raises(ValidationError) as error:
        credit.full_clean()

    assert error.value.message_dict == {"character_en": ["Only cast credits name a character."]}


def test_credit_character_on_cast_accepted():
    credit = make_credit(role="cast", character_en="Meng Xiaochun", character_zh="孟小春")

    credit.full_clean()

    assert Credit.objects.get(pk=credit.pk).character_en == "Meng Xiaochun"


# An incentive rate is a percentage


@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("-5"), Decimal("100.01"), Decimal("150")])
def test_incentive_rate_out_of_range_refused_by_database(rate):
    with (
        pytest.raises(IntegrityError, match="incentive_rate_is_a_percentage"),
        transaction.atomic(),
    ):
        make_incentive_policy(rate_percent=rate)

    assert IncentivePolicy.objects.count() == 0


@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("150")])
def test_incentive_rate_out_of_range_refused_by_full_clean(rate):
    policy = make_incentive_policy(rate_percent=Decimal("40"))
    policy.rate_percent = rate

    with pytest.raises(ValidationError) as error:
        policy.full_clean()

    assert error.value.message_dict == {"rate_percent": ["A rate lies between 0 and 100 percent."]}


@pytest.mark.parametrize("rate", [Decimal("0.5"), Decimal("40"), Decimal("100"), None])
def test_incentive_rate_in_range_accepted(rate):
    policy = make_incentive_policy(rate_percent=rate)

    policy.full_clean()

    assert IncentivePolicy.objects.get(pk=policy.pk).rate_percent == rate


def test_incentive_policy_of_a_festival_refused_by_full_clean_with_one_message():
    policy = make_incentive_policy(base=make_institution(kind=InstitutionKind.FESTIVAL))

    with pytest.raises(ValidationError) as error:
        policy.full_clean()

    assert error.value.message_dict == {
        "base": ["Choose an institution of the kind studio / production base."]
    }


# Publication status


@pytest.mark.parametrize("make", [make_person, make_film, make_film_week])
def test_status_unknown_refused_by_database(make):
    with pytest.raises(IntegrityError, match="status_valid"), transaction.atomic():
        make(status="archived")


@pytest.mark.parametrize("make", [make_person, make_film, make_film_week])
def test_status_unknown_refused_by_full_clean(make):
    record = make()
    record.status = "archived"

    with pytest.raises(ValidationError) as error:
        record.full_clean()

    assert error.value.message_dict == {"status": ["Value 'archived' is not a valid choice."]}
