"""Screenings entered in the admin: times typed in the venue's local time; an overlapping or
out-of-week screening is refused with a message naming the conflict, and nothing is saved."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from screenings.models import ActivitySession, Screening
from tests.factories import (
    make_activity,
    make_film,
    make_film_week,
    make_screening,
    make_user,
    make_venue,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADD = "/admin/screenings/screening/add/"


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def first():
    venue = make_venue(name_en="Shanghai Film Art Centre")
    return make_screening(
        venue=venue,
        film=make_film(title_en="Five Hundred Miles"),
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2023, 6, 12, 21, 0, tzinfo=SHANGHAI),
    )


def post_data(first, day="2023-06-12", start="20:00", end="22:00", **changes):
    data = {
        "film": make_film().pk,
        "film_week": first.film_week_id,
        "venue": first.venue_id,
        "starts_at_0": day,
        "starts_at_1": start,
        "ends_at_0": day,
        "ends_at_1": end,
        "state": "scheduled",
        "section_en": "",
        "section_zh": "",
        "language_note_en": "",
        "language_note_zh": "",
        "ticket_url": "",
    }
    return {**data, **changes}


def test_admin_overlapping_screening_refused_naming_the_other(staff_client, first):
    response = staff_client.post(ADD, post_data(first))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "starts_at": [
            "This venue already has a screening at this time: “Five Hundred Miles”, Shanghai "
            "Film Art Centre, 2023-06-12 19:00–21:00 (Asia/Shanghai)."
        ]
    }
    assert Screening.objects.count() == 1


def test_admin_screening_outside_its_film_week_refused(staff_client, first):
    response = staff_client.post(ADD, post_data(first, day="2023-07-01"))

    assert list(response.context["adminform"].form.errors) == ["starts_at"]
    assert Screening.objects.count() == 1


def test_admin_screening_in_a_free_slot_saved_in_the_venues_zone(staff_client, first):
    berlin = make_venue(time_zone="Europe/Berlin")

    response = staff_client.post(ADD, post_data(first, venue=berlin.pk, start="19:00", end="21:00"))

    assert response.status_code == 302
    saved = Screening.objects.get(venue=berlin)
    assert saved.starts_at == datetime.datetime(2023, 6, 12, 17, 0, tzinfo=datetime.UTC)


def test_admin_change_form_shows_the_venues_local_time(staff_client, first):
    response = staff_client.get(f"/admin/screenings/screening/{first.pk}/change/")

    form = response.context["adminform"].form
    assert form["starts_at"].value() == datetime.datetime(2023, 6, 12, 19, 0)


def test_admin_editing_a_screening_raises_its_sequence(staff_client, first):
    data = post_data(first, film=first.film_id, start="18:00", end="20:00")
    data["expected_version"] = first.version

    response = staff_client.post(f"/admin/screenings/screening/{first.pk}/change/", data)

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.sequence, first.starts_at.astimezone(SHANGHAI).hour) == (1, 18)


def test_admin_screening_list_shows_local_times(staff_client, first):
    response = staff_client.get("/admin/screenings/screening/")

    assert "2023-06-12 19:00–21:00 (Asia/Shanghai)" in response.content.decode()


def test_admin_activity_session_saved(staff_client):
    activity = make_activity(film_week=make_film_week())
    data = {
        "activity": activity.pk,
        "venue": make_venue().pk,
        "starts_at_0": "2023-06-12",
        "starts_at_1": "10:00",
        "ends_at_0": "2023-06-12",
        "ends_at_1": "12:00",
        "state": "scheduled",
    }

    response = staff_client.post("/admin/screenings/activitysession/add/", data)

    assert response.status_code == 302
    assert ActivitySession.objects.get().starts_at == datetime.datetime(
        2023, 6, 12, 10, 0, tzinfo=SHANGHAI
    )
