"""The venue page: its facts and the screenings and activity sessions still to come there."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.asserts import assertInHTML

from core.models import Status
from tests.factories import (
    days_from_now,
    make_activity,
    make_activity_session,
    make_film,
    make_film_week,
    make_person,
    make_screening,
    make_venue,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": Status.PUBLISHED}
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def venue():
    return make_venue(
        slug="oktyabr",
        name_en="Oktyabr Cinema",
        city_en="Moscow",
        address="Novy Arbat 24",
        capacity=1500,
        time_zone="Europe/Moscow",
        **PUBLISHED,
    )


@pytest.fixture
def week():
    """A published film week without dates, so that any day may be scheduled."""
    return make_film_week(starts_on=None, ends_on=None, **PUBLISHED)


def screen(venue, week, title, starts, **kw):
    kw.setdefault("film", make_film(title_en=title, **PUBLISHED))
    return make_screening(
        venue=venue,
        film_week=week,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        **kw,
    )


def test_venue_page_shows_its_facts(client, venue):
    html = client.get("/en/venues/oktyabr/").content.decode()

    assertInHTML("<h1>Oktyabr Cinema</h1>", html)
    assertInHTML("<dd>Novy Arbat 24</dd>", html)
    assertInHTML("<dd>1500</dd>", html)
    assertInHTML("<dd>Europe/Moscow</dd>", html)


def test_venue_page_lists_upcoming_slots_only_in_time_order(client, venue, week):
    screen(venue, week, "Past", days_from_now(-3, zone=MOSCOW))
    screen(venue, week, "Later", days_from_now(5, zone=MOSCOW))
    screen(venue, week, "Sooner", days_from_now(2, zone=MOSCOW))
    make_activity_session(
        activity=make_activity(film_week=week, title_en="Forum"),
        venue=venue,
        starts_at=days_from_now(2, hour=10, zone=MOSCOW),
        ends_at=days_from_now(2, hour=12, zone=MOSCOW),
    )
    screen(make_venue(**PUBLISHED), week, "Elsewhere", days_from_now(2, zone=MOSCOW))

    response = client.get("/en/venues/oktyabr/")

    assert [slot.title for slot in response.context["slots"]] == ["Forum", "Sooner", "Later"]


def test_venue_page_times_are_local_with_the_zone_named(client, venue, week):
    starts = days_from_now(2, zone=MOSCOW)
    screen(venue, week, "Film", starts)

    html = client.get("/en/venues/oktyabr/").content.decode()

    assertInHTML(
        '<small class="slot-zone">Europe/Moscow, UTC+0300</small>',
        html,
    )
    assert f'<time datetime="{starts.isoformat()}">19:00</time>' in html


def test_venue_page_links_the_calendars(client, venue, week):
    screening = screen(venue, week, "Film", days_from_now(2, zone=MOSCOW))

    html = client.get("/en/venues/oktyabr/").content.decode()

    assert html.count(f'href="/en/screenings/{screening.pk}.ics"') == 1
    assert html.count('href="/en/venues/oktyabr/calendar.ics"') == 1


def test_venue_page_without_upcoming_says_so(client, venue):
    html = client.get("/en/venues/oktyabr/").content.decode()

    assert "Nothing is scheduled here yet." in html


def test_venue_page_draft_answers_404(client):
    make_venue(slug="draft")

    response = client.get("/en/venues/draft/")

    assert response.status_code == 404


def test_venue_page_in_chinese_answers_200(client, venue):
    venue.name_zh = "十月影院"
    venue.save()

    response = client.get("/zh-hans/venues/oktyabr/")

    assertInHTML("<h1>十月影院</h1>", response.content.decode())


@pytest.mark.parametrize("rows", [1, 3])
def test_venue_page_queries_same_for_1_and_3_rows(
    client, venue, week, django_assert_num_queries, rows
):
    for index in range(rows):
        screening = screen(venue, week, f"Film {index}", days_from_now(index + 1, zone=MOSCOW))
        screening.guests.add(make_person(**PUBLISHED))
        make_activity_session(
            activity=make_activity(film_week=week),
            venue=venue,
            starts_at=days_from_now(index + 1, hour=10, zone=MOSCOW),
            ends_at=days_from_now(index + 1, hour=11, zone=MOSCOW),
        )

    # The venue; its screenings and sessions to come; then what they show, each read once:
    # the venue and the film weeks of both, the screenings' guests.
    with django_assert_num_queries(8):
        response = client.get("/en/venues/oktyabr/")

    assert len(response.context["slots"]) == 2 * rows


def test_venue_page_lists_the_next_slots_up_to_its_limit_and_says_so(
    client, venue, week, monkeypatch
):
    monkeypatch.setattr("screenings.views.VENUE_PAGE_SLOTS", 2)
    screen(venue, week, "Third", days_from_now(3, zone=MOSCOW))
    screen(venue, week, "First", days_from_now(1, zone=MOSCOW))
    make_activity_session(
        activity=make_activity(film_week=week, title_en="Second"),
        venue=venue,
        starts_at=days_from_now(2, hour=10, zone=MOSCOW),
        ends_at=days_from_now(2, hour=12, zone=MOSCOW),
    )

    response = client.get("/en/venues/oktyabr/")

    assert [slot.title for slot in response.context["slots"]] == ["First", "Second"]
    assert "Only the next 2 are listed here" in response.content.decode()


def test_venue_page_within_its_limit_does_not_mention_it(client, venue, week):
    screen(venue, week, "Only", days_from_now(1, zone=MOSCOW))

    response = client.get("/en/venues/oktyabr/")

    assert "Only the next" not in response.content.decode()
