"""Counts beside the options of the schedule's filters: screenings and activity sessions each
option would give with the other filters as they are."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from core.models import Status
from filmweek.models import ActivityKind, FilmCountry
from screenings.filters import ScheduleFilter
from tests.factories import (
    make_activity,
    make_activity_session,
    make_country,
    make_film,
    make_film_week,
    make_screening,
    make_venue,
)

pytestmark = pytest.mark.django_db
PUBLISHED = {"status": Status.PUBLISHED}
SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/en/schedule/"


def at(day, hour):
    return datetime.datetime(2023, 6, day, hour, tzinfo=SHANGHAI)


def screen(week, venue, starts, country="CN", film_status=Status.PUBLISHED):
    film = make_film(status=film_status)
    FilmCountry.objects.create(film=film, country=make_country(country))
    return make_screening(
        film=film,
        film_week=week,
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def forum(week, venue, starts):
    return make_activity_session(
        activity=make_activity(film_week=week, kind=ActivityKind.FORUM),
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )


def shown_label(response, value):
    match = re.search(rf'value="{value}"[^>]*>([^<]*)<', response.content.decode())
    return match.group(1)


@pytest.fixture
def schedule():
    """Week A: two Chinese films and a forum at the art centre, a Kazakh film in Qingdao, and a
    draft film's screening (never counted); week B: one screening."""
    week = make_film_week(slug="week-a", year=2023, **PUBLISHED)
    other = make_film_week(slug="week-b", year=2022, **PUBLISHED)
    art = make_venue(slug="art", city_en="Shanghai", **PUBLISHED)
    qingdao = make_venue(slug="qingdao", city_en="Qingdao", **PUBLISHED)
    screen(week, art, at(12, 10))
    screen(week, art, at(13, 10))
    forum(week, art, at(12, 15))
    screen(week, qingdao, at(12, 19), country="KZ")
    screen(week, art, at(14, 10), film_status=Status.DRAFT)
    screen(other, art, at(1, 10))
    return week


def test_schedule_counts_of_the_chosen_week(client, schedule):
    response = client.get(URL, {"film_week": "week-a"})

    counts = response.context["filter"].facet_counts
    assert counts["film_week"] == {"week-a": 4, "week-b": 1}
    assert counts["venue"] == {"art": 3, "qingdao": 1}
    assert counts["city"] == {"Shanghai": 3, "Qingdao": 1}
    assert counts["country"] == {"CN": 2, "KZ": 1}
    assert counts["kind"] == {"film": 3, "forum": 1}


def test_schedule_counts_apply_the_other_filters_and_the_day(client, schedule):
    response = client.get(URL, {"film_week": "week-a", "venue": "art", "day": "2023-06-12"})

    counts = response.context["filter"].facet_counts
    assert counts["film_week"] == {"week-a": 2}
    assert counts["venue"] == {"art": 2, "qingdao": 1}
    assert counts["country"] == {"CN": 1}
    assert counts["kind"] == {"film": 1, "forum": 1}


def test_schedule_renders_counts_and_dims_zero(client, schedule):
    response = client.get(URL, {"film_week": "week-a", "kind": "forum"})

    assert shown_label(response, "art").endswith("(1)")
    assert shown_label(response, "KZ").endswith("(0)")
    assert 'value="film">Film screenings (3)<' in response.content.decode()


def test_schedule_hostile_values_still_get_counts(client, schedule):
    response = client.get(URL, {"film_week": "week-a", "venue": "<x>", "day": "2023-99-99"})

    assert response.status_code == 200
    assert response.context["filter"].facet_counts["venue"] == {"art": 3, "qingdao": 1}


def test_schedule_counts_past_the_row_limit_are_left_out(client, schedule, monkeypatch):
    monkeypatch.setattr(ScheduleFilter, "row_limit", 4)

    response = client.get(URL, {"film_week": "week-a"})

    counts = response.context["filter"].facet_counts
    # Every week's slots (5) are past the limit; the chosen week's (4) are not.
    assert "film_week" not in counts
    assert counts["venue"] == {"art": 3, "qingdao": 1}
