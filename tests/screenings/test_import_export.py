"""Importing screenings in the admin: times in the venue's own time, the same rules as a
screening typed in by hand (an overlapping row stops the whole file, naming the screening
already there), idempotent on venue, start and film."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from screenings.models import Screening
from tests.factories import make_film, make_film_week, make_screening, make_user, make_venue
from tests.imports import (
    checksum,
    csv_bytes,
    export_data,
    import_file,
    preview,
    problems,
    row_types,
)

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
HEADER = ["film", "film_week", "venue", "starts_at", "ends_at", "state", "section_en"]


@pytest.fixture
def editor_client(client):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name="Editors")])
    client.force_login(user)
    return client


@pytest.fixture
def week():
    return make_film_week(
        slug="sco-week-2023",
        name_en="SCO Film Week",
        starts_on=datetime.date(2023, 6, 10),
        ends_on=datetime.date(2023, 6, 18),
    )


@pytest.fixture
def venue():
    return make_venue(slug="karo", name_en="Karo 11 October", time_zone="Europe/Moscow")


@pytest.fixture
def films():
    return [
        make_film(slug="five-hundred-miles", title_en="Five Hundred Miles"),
        make_film(slug="still-life", title_en="Still Life"),
    ]


def rows(*lines):
    return csv_bytes([HEADER, *lines])


def test_screenings_are_read_in_the_venue_time_zone(editor_client, week, venue, films):
    content = rows(
        [
            "five-hundred-miles",
            "sco-week-2023",
            "karo",
            "2023-06-12 19:00",
            "2023-06-12 21:00",
            "",
            "",
        ],
        [
            "still-life",
            "sco-week-2023",
            "karo",
            "2023-06-12 21:30",
            "2023-06-12 23:20",
            "",
            "Panorama",
        ],
    )

    previewed, _confirmed = import_file(editor_client, Screening, content)

    assert row_types(previewed) == ["new", "new"]
    assert list(
        Screening.objects.order_by("starts_at").values_list("film__slug", "starts_at", "state")
    ) == [
        ("five-hundred-miles", datetime.datetime(2023, 6, 12, 19, 0, tzinfo=MOSCOW), "scheduled"),
        ("still-life", datetime.datetime(2023, 6, 12, 21, 30, tzinfo=MOSCOW), "scheduled"),
    ]


def test_same_screenings_twice_change_nothing(editor_client, week, venue, films):
    content = rows(
        [
            "five-hundred-miles",
            "sco-week-2023",
            "karo",
            "2023-06-12 19:00",
            "2023-06-12 21:00",
            "",
            "",
        ]
    )
    import_file(editor_client, Screening, content)
    digest = checksum(Screening, Screening.history.model)

    previewed, _confirmed = import_file(editor_client, Screening, content)

    assert row_types(previewed) == ["skip"]
    assert checksum(Screening, Screening.history.model) == digest


def test_overlapping_screening_refuses_the_file_naming_the_other(editor_client, week, venue, films):
    make_screening(
        film=films[0],
        film_week=week,
        venue=venue,
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=MOSCOW),
        ends_at=datetime.datetime(2023, 6, 12, 21, 0, tzinfo=MOSCOW),
    )
    content = rows(
        ["still-life", "sco-week-2023", "karo", "2023-06-13 10:00", "2023-06-13 12:00", "", ""],
        ["still-life", "sco-week-2023", "karo", "2023-06-12 20:00", "2023-06-12 22:00", "", ""],
    )

    previewed = preview(editor_client, Screening, content)

    assert problems(previewed) == [
        "Row 3, column “starts_at”, value “2023-06-12 20:00”: This venue already has a "
        "screening at this time: “Five Hundred Miles”, Karo 11 October, 2023-06-12 19:00–21:00 "
        "(Europe/Moscow)."
    ]
    assert Screening.objects.count() == 1


def test_two_rows_of_one_file_that_overlap_are_refused(editor_client, week, venue, films):
    content = rows(
        [
            "five-hundred-miles",
            "sco-week-2023",
            "karo",
            "2023-06-12 19:00",
            "2023-06-12 21:00",
            "",
            "",
        ],
        ["still-life", "sco-week-2023", "karo", "2023-06-12 20:30", "2023-06-12 22:00", "", ""],
    )

    previewed = preview(editor_client, Screening, content)

    assert [message.partition(", value")[0] for message in problems(previewed)] == [
        "Row 3, column “starts_at”"
    ]
    assert Screening.objects.count() == 0


def test_screening_outside_its_film_week_is_refused(editor_client, week, venue, films):
    content = rows(
        ["still-life", "sco-week-2023", "karo", "2023-07-01 19:00", "2023-07-01 21:00", "", ""]
    )

    previewed = preview(editor_client, Screening, content)

    assert problems(previewed) == [
        "Row 2, column “starts_at”, value “2023-07-01 19:00”: This starts on 2023-07-01 "
        "(Europe/Moscow time), outside the dates of SCO Film Week 2023: 2023-06-10 – 2023-06-18."
    ]


def test_unknown_film_and_bad_time_are_named(editor_client, week, venue, films):
    content = rows(
        ["no-such-film", "sco-week-2023", "karo", "12 June, 7pm", "2023-06-12 21:00", "", ""]
    )

    previewed = preview(editor_client, Screening, content)

    assert problems(previewed) == [
        "Row 2, column “film”, value “no-such-film”: expected the slug of an existing film.",
        "Row 2, column “starts_at”, value “12 June, 7pm”: expected a date and time as "
        "YYYY-MM-DD HH:MM, such as 2023-06-12 19:00.",
    ]


def test_export_writes_times_in_the_venue_time_zone(editor_client, week, venue, films):
    make_screening(
        film=films[0],
        film_week=week,
        venue=venue,
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=MOSCOW),
        ends_at=datetime.datetime(2023, 6, 12, 21, 0, tzinfo=MOSCOW),
    )

    response = export_data(editor_client, Screening)

    rows_out = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["film"], row["venue"], row["starts_at"], row["ends_at"]) for row in rows_out] == [
        ("five-hundred-miles", "karo", "2023-06-12 19:00", "2023-06-12 21:00")
    ]
