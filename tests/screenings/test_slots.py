"""Times of screenings and activity sessions: within the film week in the venue's own zone,
across midnight and a daylight-saving change, and the calendar SEQUENCE raised by a change."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from screenings import services
from screenings.models import ActivitySession, Screening
from tests.factories import (
    make_activity,
    make_activity_session,
    make_film,
    make_film_week,
    make_screening,
    make_venue,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
JUNE_WEEK = {"starts_on": datetime.date(2023, 6, 10), "ends_on": datetime.date(2023, 6, 18)}


def shanghai(day, hour, minute=0, month=6):
    return datetime.datetime(2023, month, day, hour, minute, tzinfo=SHANGHAI)


def new_screening(**fields):
    fields.setdefault("film", make_film())
    return Screening(**fields)


# Within the film week, in the venue's zone


def test_screening_before_film_week_refused_naming_the_dates():
    week = make_film_week(name_en="Belt and Road Film Week", year=2023, **JUNE_WEEK)
    screening = new_screening(
        film_week=week,
        venue=make_venue(time_zone="Asia/Shanghai"),
        starts_at=shanghai(9, 19),
        ends_at=shanghai(9, 21),
    )

    with pytest.raises(ValidationError) as error:
        screening.full_clean()

    assert error.value.message_dict == {
        "starts_at": [
            "This starts on 2023-06-09 (Asia/Shanghai time), outside the dates of Belt and Road "
            "Film Week 2023: 2023-06-10 – 2023-06-18."
        ]
    }


def test_screening_after_film_week_refused():
    week = make_film_week(**JUNE_WEEK)
    screening = new_screening(
        film_week=week, venue=make_venue(), starts_at=shanghai(19, 10), ends_at=shanghai(19, 12)
    )

    with pytest.raises(ValidationError) as error:
        screening.full_clean()

    assert list(error.value.message_dict) == ["starts_at"]


def test_screening_day_is_the_venues_day_not_utc():
    """19 June 01:00 in Shanghai is still 18 June in UTC: the venue's day (19th) is outside."""
    week = make_film_week(**JUNE_WEEK)
    screening = new_screening(
        film_week=week, venue=make_venue(), starts_at=shanghai(19, 1), ends_at=shanghai(19, 3)
    )

    with pytest.raises(ValidationError) as error:
        screening.full_clean()

    assert screening.starts_at.astimezone(datetime.UTC).date() == datetime.date(2023, 6, 18)
    assert list(error.value.message_dict) == ["starts_at"]


def test_screening_on_last_day_crossing_midnight_accepted():
    week = make_film_week(**JUNE_WEEK)
    screening = new_screening(
        film_week=week,
        venue=make_venue(),
        starts_at=shanghai(18, 23, 30),
        ends_at=shanghai(19, 1, 30),
    )

    screening.full_clean()

    assert screening.local_day() == datetime.date(2023, 6, 18)


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [(None, None), (datetime.date(2023, 6, 10), None), (None, datetime.date(2023, 6, 30))],
)
def test_screening_film_week_without_dates_checks_only_known_sides(starts_on, ends_on):
    week = make_film_week(starts_on=starts_on, ends_on=ends_on)
    screening = new_screening(
        film_week=week, venue=make_venue(), starts_at=shanghai(20, 19), ends_at=shanghai(20, 21)
    )

    screening.full_clean()

    assert screening.local_day() == datetime.date(2023, 6, 20)


def test_screening_film_week_with_only_an_end_date_refuses_later_days():
    week = make_film_week(starts_on=None, ends_on=datetime.date(2023, 6, 18))
    screening = new_screening(
        film_week=week, venue=make_venue(), starts_at=shanghai(20, 19), ends_at=shanghai(20, 21)
    )

    with pytest.raises(ValidationError) as error:
        screening.full_clean()

    assert error.value.message_dict["starts_at"][0].endswith(": until 2023-06-18.")


# Across midnight


def test_screening_crossing_midnight_blocks_the_early_morning_slot():
    venue = make_venue()
    late = make_screening(venue=venue, starts_at=shanghai(12, 23), ends_at=shanghai(13, 1))
    early = new_screening(
        film_week=late.film_week,
        venue=venue,
        starts_at=shanghai(13, 0, 30),
        ends_at=shanghai(13, 2),
    )

    with pytest.raises(ValidationError) as error:
        early.full_clean()

    assert list(error.value.message_dict) == ["starts_at"]
    assert "2023-06-12 23:00–2023-06-13 01:00 (Asia/Shanghai)" in error.value.messages[0]


def test_screening_crossing_midnight_then_next_morning_accepted():
    venue = make_venue()
    late = make_screening(venue=venue, starts_at=shanghai(12, 23), ends_at=shanghai(13, 1))

    morning = make_screening(venue=venue, starts_at=shanghai(13, 1), ends_at=shanghai(13, 3))

    assert morning.starts_at == late.ends_at
    assert (late.local_day(), morning.local_day()) == (
        datetime.date(2023, 6, 12),
        datetime.date(2023, 6, 13),
    )


# Across the daylight-saving change (Berlin, last Sunday of March 2024: 02:00 -> 03:00)


@pytest.fixture
def berlin_week():
    return make_film_week(starts_on=datetime.date(2024, 3, 25), ends_on=datetime.date(2024, 3, 31))


def test_screening_across_dst_change_lasts_its_real_length(berlin_week):
    venue = make_venue(time_zone="Europe/Berlin")
    starts = datetime.datetime(2024, 3, 31, 1, 30, tzinfo=BERLIN)
    ends = datetime.datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN)

    screening = make_screening(film_week=berlin_week, venue=venue, starts_at=starts, ends_at=ends)
    screening.refresh_from_db()

    assert screening.ends_at - screening.starts_at == datetime.timedelta(hours=1)
    assert screening.starts_at.astimezone(BERLIN).utcoffset() == datetime.timedelta(hours=1)
    assert screening.ends_at.astimezone(BERLIN).utcoffset() == datetime.timedelta(hours=2)


def test_screening_after_dst_change_does_not_overlap_the_one_before(berlin_week):
    venue = make_venue(time_zone="Europe/Berlin")
    make_screening(
        film_week=berlin_week,
        venue=venue,
        starts_at=datetime.datetime(2024, 3, 31, 0, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2024, 3, 31, 1, 59, tzinfo=BERLIN),
    )
    after = new_screening(
        film_week=berlin_week,
        venue=venue,
        starts_at=datetime.datetime(2024, 3, 31, 3, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2024, 3, 31, 5, 0, tzinfo=BERLIN),
    )

    after.full_clean()
    after.save()

    assert Screening.objects.filter(venue=venue).count() == 2


def test_screening_overlapping_across_dst_change_refused_by_database(berlin_week):
    """01:30 CET to 03:30 CEST is one hour; 03:15 CEST falls inside it."""
    venue = make_venue(time_zone="Europe/Berlin")
    make_screening(
        film_week=berlin_week,
        venue=venue,
        starts_at=datetime.datetime(2024, 3, 31, 1, 30, tzinfo=BERLIN),
        ends_at=datetime.datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        make_screening(
            film_week=berlin_week,
            venue=venue,
            starts_at=datetime.datetime(2024, 3, 31, 3, 15, tzinfo=BERLIN),
            ends_at=datetime.datetime(2024, 3, 31, 5, 0, tzinfo=BERLIN),
        )

    assert Screening.objects.filter(venue=venue).count() == 1


# SEQUENCE


def test_screening_new_has_sequence_zero():
    screening = services.screening_create(
        film=make_film(),
        film_week=make_film_week(),
        venue=make_venue(),
        starts_at=shanghai(12, 19),
        ends_at=shanghai(12, 21),
    )

    assert screening.sequence == 0


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": shanghai(12, 18)},
        {"ends_at": shanghai(12, 22)},
        {"state": Screening.State.CANCELLED},
        {"state": Screening.State.MOVED},
    ],
)
def test_screening_sequence_raised_by_a_change_of_time_or_state(change):
    screening = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))

    services.screening_update(screening=screening, **change)

    assert Screening.objects.get(pk=screening.pk).sequence == 1


def test_screening_sequence_raised_by_a_change_of_venue_or_film():
    screening = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))

    services.screening_update(screening=screening, venue=make_venue())
    services.screening_update(screening=screening, film=make_film())

    assert Screening.objects.get(pk=screening.pk).sequence == 2


def test_screening_sequence_kept_when_only_details_change():
    screening = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))

    services.screening_update(
        screening=screening, section_en="Panorama", language_note_en="Mandarin"
    )

    assert Screening.objects.get(pk=screening.pk).sequence == 0


def test_screening_sequence_kept_when_saved_unchanged_from_a_fresh_load():
    make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))
    screening = Screening.objects.get()

    screening.save()

    assert Screening.objects.get().sequence == 0


def test_screening_sequence_raised_for_a_change_made_on_a_partial_load():
    created = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))
    screening = Screening.objects.only("pk", "starts_at").get(pk=created.pk)

    screening.starts_at = shanghai(12, 18)
    screening.save(update_fields=["starts_at"])

    assert Screening.objects.get(pk=created.pk).sequence == 1


def test_screening_sequence_kept_when_update_fields_leave_out_the_changed_time():
    screening = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))
    screening.starts_at = shanghai(12, 18)

    screening.save(update_fields=["section_en"])

    assert Screening.objects.get(pk=screening.pk).sequence == 0


def test_screening_sequence_counts_every_change():
    screening = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))

    for hour in (18, 17, 16):
        services.screening_update(screening=screening, starts_at=shanghai(12, hour))

    assert Screening.objects.get(pk=screening.pk).sequence == 3


# Activity sessions


def test_activity_session_may_share_a_screenings_time_at_the_venue():
    screening = make_screening(starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))

    session = services.activity_session_create(
        activity=make_activity(film_week=screening.film_week),
        venue=screening.venue,
        starts_at=shanghai(12, 19),
        ends_at=shanghai(12, 20),
    )

    assert session.venue_id == screening.venue_id


def test_activity_session_outside_its_film_week_refused():
    activity = make_activity(film_week=make_film_week(**JUNE_WEEK))

    with pytest.raises(ValidationError) as error:
        services.activity_session_create(
            activity=activity,
            venue=make_venue(),
            starts_at=shanghai(20, 10),
            ends_at=shanghai(20, 12),
        )

    assert list(error.value.message_dict) == ["starts_at"]
    assert ActivitySession.objects.count() == 0


def test_activity_session_ending_before_start_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="activity_session_ends_after_start"),
        transaction.atomic(),
    ):
        make_activity_session(starts_at=shanghai(12, 10), ends_at=shanghai(12, 9))


def test_activity_session_ending_before_start_refused_by_full_clean():
    session = make_activity_session(starts_at=shanghai(12, 10), ends_at=shanghai(12, 11))
    session.ends_at = shanghai(12, 9)

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    assert error.value.message_dict == {"ends_at": ["A session ends after it starts."]}


def test_activity_session_sequence_raised_by_a_new_time():
    session = make_activity_session(starts_at=shanghai(12, 10), ends_at=shanghai(12, 11))

    services.activity_session_update(session=session, starts_at=shanghai(12, 9))

    assert ActivitySession.objects.get(pk=session.pk).sequence == 1
