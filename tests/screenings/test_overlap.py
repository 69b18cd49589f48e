"""No two screenings overlap in one venue: the database rule itself (ORM writes that skip
clean()), the service, and the form the admin uses, with a message naming the screening that is
already there. A cancelled screening frees its slot."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from screenings import services
from screenings.forms import ScreeningForm
from screenings.models import Screening
from tests.factories import make_film, make_film_week, make_screening, make_venue

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
RULE = "screening_no_overlap_in_venue"
HOUR = datetime.timedelta(hours=1)


def at(hour, minute=0, day=12):
    """A time on a day of the default film week (10-18 June 2023), in Shanghai."""
    return datetime.datetime(2023, 6, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def first():
    """A screening from 19:00 to 21:00 Shanghai time."""
    venue = make_venue(name_en="Shanghai Film Art Centre", time_zone="Asia/Shanghai")
    film = make_film(title_en="Five Hundred Miles")
    return make_screening(venue=venue, film=film, starts_at=at(19), ends_at=at(21))


def overlap_message(first):
    return (
        "This venue already has a screening at this time: “Five Hundred Miles”, Shanghai Film "
        "Art Centre, 2023-06-12 19:00–21:00 (Asia/Shanghai)."
    )


# The database rule, bypassing clean()


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (at(20), at(22)),  # begins during the first
        (at(18), at(20)),  # ends during it
        (at(19, 30), at(20, 30)),  # inside it
        (at(18), at(22)),  # around it
        (at(19), at(21)),  # the same slot
    ],
)
def test_screening_overlap_refused_by_database(first, starts, ends):
    with pytest.raises(IntegrityError, match=RULE), transaction.atomic():
        make_screening(venue=first.venue, starts_at=starts, ends_at=ends)

    assert Screening.objects.count() == 1


def test_screening_moved_into_another_refused_by_database_on_update(first):
    second = make_screening(venue=first.venue, starts_at=at(21), ends_at=at(23))

    with pytest.raises(IntegrityError, match=RULE), transaction.atomic():
        Screening.objects.filter(pk=second.pk).update(starts_at=at(20))

    second.refresh_from_db()
    assert second.starts_at == at(21)


def test_screening_moved_to_the_busy_venue_refused_by_database(first):
    elsewhere = make_screening(venue=make_venue(), starts_at=at(19), ends_at=at(21))

    with pytest.raises(IntegrityError, match=RULE), transaction.atomic():
        Screening.objects.filter(pk=elsewhere.pk).update(venue=first.venue)

    elsewhere.refresh_from_db()
    assert elsewhere.venue_id != first.venue_id


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL constraint")
def test_screening_overlap_rule_is_an_exclusion_constraint_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            [RULE],
        )
        rows = cursor.fetchall()

    assert rows == [
        (
            "x",
            "EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at, '[)'::text) "
            "WITH &&) WHERE (((state)::text <> 'cancelled'::text))",
        )
    ]


def test_screening_back_to_back_accepted_by_database(first):
    second = make_screening(venue=first.venue, starts_at=at(21), ends_at=at(23))

    assert Screening.objects.filter(venue=first.venue).count() == 2
    assert second.starts_at == first.ends_at


def test_screening_same_time_other_venue_accepted_by_database(first):
    make_screening(venue=make_venue(), starts_at=at(19), ends_at=at(21))

    assert Screening.objects.count() == 2


def test_screening_cancelled_frees_its_slot_in_database(first):
    Screening.objects.filter(pk=first.pk).update(state=Screening.State.CANCELLED)

    make_screening(venue=first.venue, starts_at=at(19), ends_at=at(21))

    assert Screening.objects.filter(venue=first.venue).count() == 2


def test_screening_cancelled_restored_into_a_taken_slot_refused_by_database(first):
    Screening.objects.filter(pk=first.pk).update(state=Screening.State.CANCELLED)
    make_screening(venue=first.venue, starts_at=at(20), ends_at=at(22))

    with pytest.raises(IntegrityError, match=RULE), transaction.atomic():
        Screening.objects.filter(pk=first.pk).update(state=Screening.State.SCHEDULED)

    first.refresh_from_db()
    assert first.state == Screening.State.CANCELLED


@pytest.mark.parametrize("state", [Screening.State.SOLD_OUT, Screening.State.MOVED])
def test_screening_sold_out_or_moved_still_holds_its_slot(first, state):
    Screening.objects.filter(pk=first.pk).update(state=state)

    with pytest.raises(IntegrityError, match=RULE), transaction.atomic():
        make_screening(venue=first.venue, starts_at=at(20), ends_at=at(22))

    assert Screening.objects.count() == 1


# full_clean() and the service name the screening already there


def test_screening_overlap_refused_by_full_clean_naming_the_other(first):
    second = Screening(
        film=make_film(),
        film_week=first.film_week,
        venue=first.venue,
        starts_at=at(20),
        ends_at=at(22),
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict == {"starts_at": [overlap_message(first)]}


def test_screening_edited_without_moving_accepted_by_full_clean(first):
    first.section_en = "Panorama"

    first.full_clean()

    assert first.section_en == "Panorama"


def test_screening_cancelled_overlapping_accepted_by_full_clean(first):
    second = Screening(
        film=make_film(),
        film_week=first.film_week,
        venue=first.venue,
        starts_at=at(20),
        ends_at=at(22),
        state=Screening.State.CANCELLED,
    )

    second.full_clean()

    assert second.is_cancelled is True


def test_screening_create_service_refuses_overlap_and_saves_nothing(first):
    with pytest.raises(ValidationError) as error:
        services.screening_create(
            film=make_film(),
            film_week=first.film_week,
            venue=first.venue,
            starts_at=at(20),
            ends_at=at(22),
        )

    assert error.value.message_dict == {"starts_at": [overlap_message(first)]}
    assert Screening.objects.count() == 1


def test_screening_update_service_refuses_overlap_and_keeps_the_old_time(first):
    second = services.screening_create(
        film=make_film(),
        film_week=first.film_week,
        venue=first.venue,
        starts_at=at(21),
        ends_at=at(23),
    )

    with pytest.raises(ValidationError) as error:
        services.screening_update(screening=second, starts_at=at(20))

    assert error.value.message_dict == {"starts_at": [overlap_message(first)]}
    second.refresh_from_db()
    assert second.starts_at == at(21)


def test_screening_cancel_service_frees_the_slot(first):
    services.screening_cancel(screening=first)

    replacement = services.screening_create(
        film=make_film(),
        film_week=first.film_week,
        venue=first.venue,
        starts_at=at(19),
        ends_at=at(21),
    )

    assert Screening.objects.occupying().get(venue=first.venue) == replacement


# The form (the admin's)


def form_data(first, **changes):
    data = {
        "film": make_film().pk,
        "film_week": first.film_week.pk,
        "venue": first.venue.pk,
        "starts_at": "2023-06-12 20:00",
        "ends_at": "2023-06-12 22:00",
        "state": "scheduled",
    }
    return {**data, **changes}


def test_screening_form_refuses_overlap_naming_the_other(first):
    form = ScreeningForm(data=form_data(first))

    assert form.is_valid() is False
    assert form.errors == {"starts_at": [overlap_message(first)]}
    assert Screening.objects.count() == 1


def test_screening_form_accepts_back_to_back_and_saves(first):
    form = ScreeningForm(
        data=form_data(first, starts_at="2023-06-12 21:00", ends_at="2023-06-12 23:00")
    )

    assert form.errors == {}
    saved = form.save()

    assert saved.starts_at == at(21)


def test_screening_form_edit_into_overlap_refused(first):
    second = make_screening(
        venue=first.venue, film_week=first.film_week, starts_at=at(21), ends_at=at(23)
    )
    form = ScreeningForm(data=form_data(first, film=second.film_id), instance=second)

    assert form.is_valid() is False
    assert form.errors == {"starts_at": [overlap_message(first)]}
    second.refresh_from_db()
    assert second.starts_at == at(21)


def test_screening_form_times_are_read_in_the_venues_zone(first):
    berlin = make_venue(time_zone="Europe/Berlin")
    form = ScreeningForm(data=form_data(first, venue=berlin.pk))

    saved = form.save()

    assert saved.starts_at == datetime.datetime(2023, 6, 12, 18, 0, tzinfo=datetime.UTC)


def test_screening_form_shows_saved_times_in_the_venues_zone(first):
    berlin = make_venue(time_zone="Europe/Berlin")
    screening = make_screening(
        venue=berlin, starts_at=datetime.datetime(2023, 6, 12, 18, 0, tzinfo=datetime.UTC)
    )

    form = ScreeningForm(instance=screening)

    assert form["starts_at"].value() == datetime.datetime(2023, 6, 12, 20, 0)
    assert form["ends_at"].value() == datetime.datetime(2023, 6, 12, 22, 0)


def test_screening_form_unchanged_times_not_reported_as_changed(first):
    data = form_data(
        first, film=first.film_id, starts_at="2023-06-12 19:00", ends_at="2023-06-12 21:00"
    )
    form = ScreeningForm(data={**data, "section_en": "Panorama"}, instance=first)

    assert form.is_valid() is True
    assert form.changed_data == ["section_en"]


def test_screening_form_time_skipped_by_the_clocks_refused(first):
    berlin = make_venue(time_zone="Europe/Berlin")
    week = make_film_week(starts_on=datetime.date(2024, 3, 25), ends_on=datetime.date(2024, 3, 31))
    data = form_data(
        first,
        venue=berlin.pk,
        film_week=week.pk,
        starts_at="2024-03-31 02:30",
        ends_at="2024-03-31 04:00",
    )

    form = ScreeningForm(data=data)

    assert form.is_valid() is False
    assert form.errors == {
        "starts_at": ["2024-03-31 02:30 does not exist in Europe/Berlin: the clocks skip it."]
    }
