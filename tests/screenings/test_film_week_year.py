"""A screening or activity session of a film week without dates starts in that film week's
year (in the venue's own time): a 2027 screening cannot attach to the 2023 edition, whether it
is typed in the admin, imported, or written by the services."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from screenings import services
from screenings.models import ActivitySession, Screening
from tests.factories import make_activity, make_film, make_film_week, make_user, make_venue
from tests.imports import csv_bytes, import_file, preview, problems

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def outside_2023(day):
    return (
        f"This starts on {day} (Asia/Shanghai time), outside 2023, the year of SCO Film Week "
        "2023, which has no dates yet."
    )


@pytest.fixture
def undated_week():
    return make_film_week(
        slug="sco-week-2023", name_en="SCO Film Week", year=2023, starts_on=None, ends_on=None
    )


@pytest.fixture
def venue():
    return make_venue(slug="sfac", name_en="Shanghai Film Art Centre", time_zone="Asia/Shanghai")


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def at(year, month, day, hour):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


def screening(week, venue, starts_at):
    return Screening(
        film=make_film(),
        film_week=week,
        venue=venue,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )


def refusal(slot):
    with pytest.raises(ValidationError) as refused:
        slot.full_clean()
    return refused.value.message_dict


def test_screening_in_another_year_than_its_undated_film_week_is_refused(undated_week, venue):
    refused = refusal(screening(undated_week, venue, at(2027, 3, 1, 19)))

    assert refused == {"starts_at": [outside_2023("2027-03-01")]}


def test_screening_in_the_year_of_its_undated_film_week_is_accepted(undated_week, venue):
    screening(undated_week, venue, at(2023, 11, 30, 19)).full_clean()


def test_year_is_the_venues_year_not_utcs(undated_week, venue):
    """1 January 2024 07:00 in Shanghai is still 31 December 2023 in UTC."""
    refused = refusal(screening(undated_week, venue, at(2024, 1, 1, 7)))

    assert refused == {"starts_at": [outside_2023("2024-01-01")]}


def test_activity_session_of_an_undated_film_week_in_another_year_is_refused(undated_week, venue):
    session = ActivitySession(
        activity=make_activity(film_week=undated_week),
        venue=venue,
        starts_at=at(2027, 3, 1, 10),
        ends_at=at(2027, 3, 1, 12),
    )

    assert refusal(session) == {"starts_at": [outside_2023("2027-03-01")]}


def test_service_refuses_the_screening_and_saves_nothing(undated_week, venue):
    with pytest.raises(ValidationError) as refused:
        services.screening_create(
            film=make_film(),
            film_week=undated_week,
            venue=venue,
            starts_at=at(2027, 3, 1, 19),
            ends_at=at(2027, 3, 1, 21),
        )

    assert refused.value.message_dict == {"starts_at": [outside_2023("2027-03-01")]}
    assert Screening.objects.count() == 0


def test_admin_form_refuses_the_screening_naming_the_film_week_and_its_year(
    staff_client, undated_week, venue
):
    data = {
        "film": make_film().pk,
        "film_week": undated_week.pk,
        "venue": venue.pk,
        "starts_at_0": "2027-03-01",
        "starts_at_1": "19:00",
        "ends_at_0": "2027-03-01",
        "ends_at_1": "21:00",
        "state": "scheduled",
    }

    response = staff_client.post("/admin/screenings/screening/add/", data)

    assert response.context["adminform"].form.errors == {"starts_at": [outside_2023("2027-03-01")]}
    assert Screening.objects.count() == 0


HEADER = ["film", "film_week", "venue", "starts_at", "ends_at"]
IN_2023 = ["still-life", "sco-week-2023", "sfac", "2023-06-12 19:00", "2023-06-12 21:00"]
IN_2027 = ["still-life", "sco-week-2023", "sfac", "2027-03-01 19:00", "2027-03-01 21:00"]


def test_import_refuses_the_screening_naming_its_row_and_writes_nothing(
    staff_client, undated_week, venue
):
    make_film(slug="still-life")

    previewed = preview(staff_client, Screening, csv_bytes([HEADER, IN_2023, IN_2027]))

    assert problems(previewed) == [
        f"Row 3, column “starts_at”, value “2027-03-01 19:00”: {outside_2023('2027-03-01')}"
    ]
    assert Screening.objects.count() == 0


def test_import_of_the_film_weeks_year_is_written(staff_client, undated_week, venue):
    make_film(slug="still-life")

    import_file(staff_client, Screening, csv_bytes([HEADER, IN_2023]))

    assert Screening.objects.count() == 1
