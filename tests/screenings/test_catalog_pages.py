"""The catalog pages of the lower apps that show screenings: film, person and film week pages
list their upcoming screenings (the film week also its activity sessions); institution pages
list the films their tours sent."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.asserts import assertInHTML

from core.models import Status
from filmweek.models import Participation
from tests.factories import (
    days_from_now,
    make_activity,
    make_activity_session,
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_institution,
    make_person,
    make_screening,
    make_tour,
    make_tour_stop,
    make_venue,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": Status.PUBLISHED}
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def week():
    return make_film_week(slug="week", starts_on=None, ends_on=None, **PUBLISHED)


@pytest.fixture
def venue():
    return make_venue(name_en="Kino", time_zone="Europe/Berlin", **PUBLISHED)


def screen(film, week, venue, starts, **kw):
    return make_screening(
        film=film,
        film_week=week,
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        **kw,
    )


def upcoming(response, attribute):
    return [slot.pk for slot in attribute(response.context)]


# Film page


def test_film_page_lists_upcoming_screenings_only(client, week, venue):
    film = make_film(slug="film", **PUBLISHED)
    later = screen(film, week, venue, days_from_now(3, zone=BERLIN))
    sooner = screen(film, week, make_venue(**PUBLISHED), days_from_now(1, zone=BERLIN))
    screen(film, week, venue, days_from_now(-2, zone=BERLIN))  # past
    screen(film, week, make_venue(), days_from_now(2, zone=BERLIN))  # draft venue
    draft_week = make_film_week(starts_on=None, ends_on=None)
    screen(film, draft_week, venue, days_from_now(4, zone=BERLIN))

    response = client.get("/en/films/film/")

    assert [slot.pk for slot in response.context["film"].upcoming_screenings] == [
        sooner.pk,
        later.pk,
    ]


def test_film_page_screening_in_venue_time_with_zone_and_calendar_links(client, week, venue):
    film = make_film(slug="film", **PUBLISHED)
    starts = days_from_now(1, zone=BERLIN)
    screening = screen(film, week, venue, starts)

    html = client.get("/en/films/film/").content.decode()

    assert f'<time datetime="{starts.isoformat()}">19:00</time>' in html
    offset = starts.strftime("%z")
    assertInHTML(f'<small class="slot-zone">Europe/Berlin, UTC{offset}</small>', html)
    assert html.count(f'href="/en/screenings/{screening.pk}.ics"') == 1
    assert html.count('href="/en/films/film/calendar.ics"') == 1
    assert "/static/css/schedule.css" in html


def test_film_page_without_upcoming_screenings_has_no_section(client):
    make_film(slug="film", **PUBLISHED)

    html = client.get("/en/films/film/").content.decode()

    assert ("upcoming-heading" in html, "/static/css/schedule.css" in html) == (False, False)


# Person page


def test_person_page_lists_their_films_screenings_and_q_and_as_once_each(client, week, venue):
    person = make_person(slug="su-lun", **PUBLISHED)
    film = make_film(**PUBLISHED)
    make_credit(film=film, person=person, role="director")
    make_credit(film=film, person=person, role="writer")
    of_their_film = screen(film, week, venue, days_from_now(1, zone=BERLIN))
    of_their_film.guests.add(person)
    as_guest = screen(make_film(**PUBLISHED), week, venue, days_from_now(2, zone=BERLIN))
    as_guest.guests.add(person)
    screen(make_film(**PUBLISHED), week, venue, days_from_now(3, zone=BERLIN))  # not theirs

    response = client.get("/en/people/su-lun/")

    html = response.content.decode()
    assert html.count('<li class="slot"') == 2
    assert html.index(f'id="screening-{of_their_film.pk}"') < html.index(
        f'id="screening-{as_guest.pk}"'
    )
    assert html.count('href="/en/people/su-lun/calendar.ics"') == 1


# Film week page


def test_film_week_page_lists_upcoming_screenings_and_sessions(client, week, venue):
    film = make_film(title_en="Five Hundred Miles", **PUBLISHED)
    screening = screen(film, week, venue, days_from_now(1, zone=BERLIN))
    session = make_activity_session(
        activity=make_activity(film_week=week, title_en="Industry forum"),
        venue=venue,
        starts_at=days_from_now(1, hour=10, zone=BERLIN),
        ends_at=days_from_now(1, hour=12, zone=BERLIN),
    )

    html = client.get("/en/film-weeks/week/").content.decode()

    assert html.index(f'id="session-{session.pk}"') < html.index(f'id="screening-{screening.pk}"')
    assert html.count('href="/en/schedule/?film_week=week"') == 1
    assert html.count('href="/en/film-weeks/week/calendar.ics"') == 1


def test_film_week_page_lists_the_first_slots_up_to_its_limit_and_links_the_schedule(
    client, week, venue, monkeypatch
):
    monkeypatch.setattr("filmweek.views.FILM_WEEK_SLOTS", 2)
    third = screen(make_film(**PUBLISHED), week, venue, days_from_now(3, zone=BERLIN))
    first = screen(make_film(**PUBLISHED), week, venue, days_from_now(1, zone=BERLIN))
    second = make_activity_session(
        activity=make_activity(film_week=week),
        venue=venue,
        starts_at=days_from_now(2, hour=10, zone=BERLIN),
        ends_at=days_from_now(2, hour=12, zone=BERLIN),
    )

    html = client.get("/en/film-weeks/week/").content.decode()

    shown = [f'id="screening-{first.pk}"', f'id="session-{second.pk}"']
    assert [html.count(slot) for slot in shown] == [1, 1]
    assert f'id="screening-{third.pk}"' not in html
    assert (
        '<p class="slots-more"><a href="/en/schedule/?film_week=week">Only the next 2 are listed '
        "here; the schedule of this film week shows them all.</a></p>"
    ) in html


def test_film_week_page_within_its_limit_does_not_mention_it(client, week, venue, monkeypatch):
    monkeypatch.setattr("filmweek.views.FILM_WEEK_SLOTS", 2)
    screen(make_film(**PUBLISHED), week, venue, days_from_now(1, zone=BERLIN))
    make_activity_session(
        activity=make_activity(film_week=week),
        venue=venue,
        starts_at=days_from_now(2, hour=10, zone=BERLIN),
        ends_at=days_from_now(2, hour=12, zone=BERLIN),
    )

    html = client.get("/en/film-weeks/week/").content.decode()

    assert (html.count('<li class="slot"'), "slots-more" in html) == (2, False)


# Institution page


def test_institution_page_lists_the_films_its_tours_sent(client):
    organiser = make_institution(slug="siff", **PUBLISHED)
    tour = make_tour(organiser=organiser, name_en="Belt and Road Film Tour", **PUBLISHED)
    host = make_institution(
        name_en="Moscow International Film Festival",
        country=make_country("RU", continent="EU"),
        **PUBLISHED,
    )
    film = make_film(title_en="Five Hundred Miles", **PUBLISHED)
    make_tour_stop(
        tour=tour,
        film=film,
        host_edition=make_festival_edition(institution=host, number=45),
        starts_on=datetime.date(2023, 4, 1),
        dates_precision="month",
        premiere="international",
    )
    make_tour_stop(tour=tour, film=make_film(title_en="Draft film"))

    html = client.get("/en/institutions/siff/").content.decode()

    assertInHTML(
        f'<li><a href="{film.get_absolute_url()}">Five Hundred Miles</a> '
        '<span aria-hidden="true">→</span><span class="visually-hidden">sent to</span> '
        f'<a href="{host.get_absolute_url()}">45th Moscow International Film Festival</a> '
        "(Russia), April 2023 · International premiere</li>",
        html,
    )
    assert "Draft film" not in html


# Query counts with screenings on the page


def _with_screenings(rows, week, venue):
    person = make_person(slug="person", **PUBLISHED)
    film = make_film(slug="film", **PUBLISHED)
    make_credit(film=film, person=person)
    for index in range(rows):
        screening = screen(film, week, venue, days_from_now(index + 1, zone=BERLIN))
        screening.guests.add(person, make_person(**PUBLISHED))
        other = screen(
            make_film(**PUBLISHED), week, venue, days_from_now(index + 1, hour=10, zone=BERLIN)
        )
        other.guests.add(person)
        session = make_activity_session(
            activity=make_activity(film_week=week),
            venue=venue,
            starts_at=days_from_now(index + 1, hour=8, zone=BERLIN),
            ends_at=days_from_now(index + 1, hour=9, zone=BERLIN),
        )
        Participation.objects.create(activity=session.activity, person=person)


@pytest.mark.parametrize(
    ("url", "queries"),
    # The page's queries (tests/filmweek/test_pages.py) and the Q&A guests of the screenings;
    # the film week has no reported figure, so the count of its series is not read.
    [("/en/films/film/", 10), ("/en/people/person/", 12), ("/en/film-weeks/week/", 10)],
)
@pytest.mark.parametrize("rows", [1, 3])
def test_catalog_page_with_screenings_queries_same_for_1_and_3_rows(
    client, week, venue, django_assert_num_queries, url, queries, rows
):
    _with_screenings(rows, week, venue)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.content.decode().count('<li class="slot"') >= rows


def test_film_week_page_over_its_slot_limit_queries_the_same(
    client, week, venue, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("filmweek.views.FILM_WEEK_SLOTS", 2)
    _with_screenings(3, week, venue)

    with django_assert_num_queries(10):
        response = client.get("/en/film-weeks/week/")

    assert response.content.decode().count('<li class="slot"') == 2
