"""The .ics calendars, each parsed back with icalendar and read field by field."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from core.models import Status
from filmweek.models import ActivityKind, Participation
from screenings import services
from screenings.models import Screening
from tests.factories import (
    make_activity,
    make_activity_session,
    make_credit,
    make_film,
    make_film_week,
    make_person,
    make_screening,
    make_venue,
)
from tests.records import published_screening, published_session

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": Status.PUBLISHED}
BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(day, hour, minute=0):
    return datetime.datetime(2023, 6, day, hour, minute, tzinfo=SHANGHAI)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def screening():
    """A published screening at a venue in Berlin, 19:00-21:00 local time, with every detail."""
    venue = make_venue(
        name_en="Kino International",
        city_en="Berlin",
        address="Karl-Marx-Allee 33",
        time_zone="Europe/Berlin",
        **PUBLISHED,
    )
    film = make_film(
        title_original="Five Hundred Miles",
        title_en="Five Hundred Miles",
        title_zh="交换人生",
        **PUBLISHED,
    )
    week = make_film_week(name_en="Belt and Road Film Week", year=2023, **PUBLISHED)
    screening = make_screening(
        film=film,
        film_week=week,
        venue=venue,
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2023, 6, 12, 21, 0, tzinfo=BERLIN),
        section_en="Panorama",
        language_note_en="Mandarin, English subtitles",
        ticket_url="https://tickets.example.org/42",
    )
    screening.guests.add(make_person(name_en="Su Lun", **PUBLISHED), make_person(name_en="Draft"))
    return screening


# One screening


def test_screening_calendar_has_the_calendar_properties(client, screening):
    response = client.get(f"/en/screenings/{screening.pk}.ics")

    calendar = parse(response)
    assert response["Content-Disposition"] == f'inline; filename="screening-{screening.pk}-en.ics"'

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Film Alliance Catalog//Schedule//EN"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-CALNAME"] == "Five Hundred Miles"


def test_screening_calendar_event_field_by_field(client, screening):
    calendar = parse(client.get(f"/en/screenings/{screening.pk}.ics"))

    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"screening-{screening.pk}@film-alliance-catalog"
    assert event["SUMMARY"] == "Five Hundred Miles"
    assert event.decoded("DTSTART") == datetime.datetime(2023, 6, 12, 19, 0, tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") == datetime.datetime(2023, 6, 12, 21, 0, tzinfo=BERLIN)
    assert event["DTEND"].params["TZID"] == "Europe/Berlin"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["LOCATION"] == "Kino International, Karl-Marx-Allee 33, Berlin"
    assert event["URL"] == f"http://testserver/en/films/{screening.film.slug}/"
    assert event["DESCRIPTION"] == (
        "Section: Panorama\nLanguage: Mandarin, English subtitles\nQ&A with Su Lun\n"
        "Tickets: https://tickets.example.org/42\nBelt and Road Film Week 2023"
    )
    revised = screening.updated_at.replace(microsecond=0)  # iCalendar times count whole seconds
    assert event.decoded("DTSTAMP") == revised
    assert event.decoded("LAST-MODIFIED") == revised
    assert event["DTSTAMP"].to_ical().endswith(b"Z")


def test_screening_calendar_includes_the_venues_time_zone(client, screening):
    calendar = parse(client.get(f"/en/screenings/{screening.pk}.ics"))

    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()


def test_screening_calendar_uid_stable_across_requests_and_languages(client, screening):
    first = parse(client.get(f"/en/screenings/{screening.pk}.ics"))
    again = parse(client.get(f"/en/screenings/{screening.pk}.ics"))
    chinese = parse(client.get(f"/zh-hans/screenings/{screening.pk}.ics"))

    uids = [calendar.walk("VEVENT")[0]["UID"] for calendar in (first, again, chinese)]
    assert uids == [f"screening-{screening.pk}@film-alliance-catalog"] * 3


def test_screening_calendar_in_chinese_has_the_chinese_title(client, screening):
    calendar = parse(client.get(f"/zh-hans/screenings/{screening.pk}.ics"))

    assert calendar.walk("VEVENT")[0]["SUMMARY"] == "交换人生"


def test_screening_calendar_after_an_edit_raises_sequence_keeps_uid(client, screening):
    services.screening_update(
        screening=screening,
        starts_at=datetime.datetime(2023, 6, 12, 20, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2023, 6, 12, 22, 0, tzinfo=BERLIN),
    )

    [event] = parse(client.get(f"/en/screenings/{screening.pk}.ics")).walk("VEVENT")

    assert event["UID"] == f"screening-{screening.pk}@film-alliance-catalog"
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.datetime(2023, 6, 12, 20, 0, tzinfo=BERLIN)


def test_screening_calendar_cancelled_is_status_cancelled(client, screening):
    services.screening_cancel(screening=screening)

    [event] = parse(client.get(f"/en/screenings/{screening.pk}.ics")).walk("VEVENT")

    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 1)


def test_screening_calendar_sold_out_stays_confirmed_and_says_so(client, screening):
    services.screening_update(screening=screening, state=Screening.State.SOLD_OUT)

    [event] = parse(client.get(f"/en/screenings/{screening.pk}.ics")).walk("VEVENT")

    assert event["STATUS"] == "CONFIRMED"
    assert event["DESCRIPTION"].splitlines()[-1] == "Sold out"


def test_screening_calendar_across_dst_change_keeps_local_times(client):
    week = make_film_week(
        starts_on=datetime.date(2024, 3, 25), ends_on=datetime.date(2024, 3, 31), **PUBLISHED
    )
    screening = published_screening(
        film_week=week,
        venue=make_venue(time_zone="Europe/Berlin", **PUBLISHED),
        starts_at=datetime.datetime(2024, 3, 31, 1, 30, tzinfo=BERLIN),
        ends_at=datetime.datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN),
    )

    calendar = parse(client.get(f"/en/screenings/{screening.pk}.ics"))

    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20240331T013000"
    assert event["DTEND"].to_ical() == b"20240331T033000"
    # Subtracting two times of one zone compares wall clocks; in UTC the hour skipped shows.
    start, end = (event.decoded(name).astimezone(datetime.UTC) for name in ("DTSTART", "DTEND"))
    assert end - start == datetime.timedelta(hours=1)
    [zone] = calendar.walk("VTIMEZONE")
    assert {sub["TZNAME"] for sub in zone.subcomponents} == {"CET", "CEST"}


@pytest.mark.parametrize(
    "unpublished", ["film", "film_week", "venue"], ids=["film", "film week", "venue"]
)
def test_screening_calendar_of_unpublished_parts_answers_404(client, unpublished):
    screening = published_screening()
    part = getattr(screening, unpublished)
    part.status = Status.DRAFT
    part.save()

    response = client.get(f"/en/screenings/{screening.pk}.ics")

    assert response.status_code == 404


@pytest.mark.parametrize("pk", ["1", "99999999999999999999999"])
def test_screening_calendar_unknown_answers_404(client, db, pk):
    response = client.get(f"/en/screenings/{pk}.ics")

    assert response.status_code == 404


# An activity session


def test_activity_session_calendar_event(client):
    week = make_film_week(name_en="SCO Film Week", year=2025, **PUBLISHED)
    activity = make_activity(
        film_week=week, kind=ActivityKind.FORUM, title_en="Film Industry Forum"
    )
    session = published_session(
        activity=activity, starts_at=shanghai(12, 10), ends_at=shanghai(12, 12)
    )

    [event] = parse(client.get(f"/en/activity-sessions/{session.pk}.ics")).walk("VEVENT")

    assert event["UID"] == f"activity-session-{session.pk}@film-alliance-catalog"
    assert event["SUMMARY"] == "Film Industry Forum"
    assert event.decoded("DTSTART") == shanghai(12, 10)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DESCRIPTION"] == "Forum\nSCO Film Week 2025"
    assert event["URL"] == f"http://testserver/en/film-weeks/{week.slug}/"


def test_activity_session_calendar_of_draft_film_week_answers_404(client):
    session = make_activity_session(venue=make_venue(**PUBLISHED))

    response = client.get(f"/en/activity-sessions/{session.pk}.ics")

    assert response.status_code == 404


# Film week, venue, film and person


def test_film_week_calendar_has_its_screenings_and_sessions_only(client):
    week = make_film_week(**PUBLISHED)
    screening = published_screening(film_week=week)
    session = published_session(activity=make_activity(film_week=week))
    published_screening()  # another film week
    published_screening(film_week=week, film=make_film())  # a draft film

    calendar = parse(client.get(f"/en/film-weeks/{week.slug}/calendar.ics"))

    assert set(events(calendar)) == {
        f"screening-{screening.pk}@film-alliance-catalog",
        f"activity-session-{session.pk}@film-alliance-catalog",
    }
    assert calendar["X-WR-CALNAME"] == f"{week.name_en} 2023"


def test_film_week_calendar_in_chinese_is_named_year_first(client):
    week = make_film_week(name_zh="上合组织电影周", year=2025, **PUBLISHED)

    calendar = parse(client.get(f"/zh-hans/film-weeks/{week.slug}/calendar.ics"))

    assert calendar["X-WR-CALNAME"] == "2025年上合组织电影周"


def test_venue_calendar_has_its_slots_in_time_order(client):
    venue = make_venue(**PUBLISHED)
    later = published_screening(venue=venue, starts_at=shanghai(13, 19), ends_at=shanghai(13, 21))
    earlier = published_screening(venue=venue, starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))
    session = published_session(venue=venue, starts_at=shanghai(12, 10), ends_at=shanghai(12, 11))
    published_screening()  # elsewhere

    calendar = parse(client.get(f"/en/venues/{venue.slug}/calendar.ics"))

    assert [str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")] == [
        f"activity-session-{session.pk}",
        f"screening-{earlier.pk}",
        f"screening-{later.pk}",
    ]


def test_venue_calendar_of_several_zones_has_each_zone(client):
    venue = make_venue(time_zone="Europe/Berlin", **PUBLISHED)
    week = make_film_week(**PUBLISHED)
    published_screening(venue=venue, film_week=week)
    published_session(
        venue=make_venue(time_zone="Europe/Moscow", **PUBLISHED),
        activity=make_activity(film_week=week),
    )

    calendar = parse(client.get(f"/en/film-weeks/{week.slug}/calendar.ics"))

    assert sorted(zone["TZID"] for zone in calendar.walk("VTIMEZONE")) == [
        "Europe/Berlin",
        "Europe/Moscow",
    ]


def test_venue_calendar_keeps_the_latest_slots_up_to_its_limit(client, monkeypatch):
    monkeypatch.setattr("screenings.views.CALENDAR_LIMIT", 2)
    venue = make_venue(**PUBLISHED)
    published_screening(venue=venue, starts_at=shanghai(10, 19), ends_at=shanghai(10, 21))
    middle = published_screening(venue=venue, starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))
    latest = published_session(venue=venue, starts_at=shanghai(14, 10), ends_at=shanghai(14, 11))

    calendar = parse(client.get(f"/en/venues/{venue.slug}/calendar.ics"))

    assert [str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")] == [
        f"screening-{middle.pk}",
        f"activity-session-{latest.pk}",
    ]


def test_calendars_of_one_zone_share_its_timezone_rules(client):
    venue = make_venue(time_zone="Europe/Berlin", **PUBLISHED)
    published_screening(venue=venue, starts_at=shanghai(12, 19), ends_at=shanghai(12, 21))

    first = parse(client.get(f"/en/venues/{venue.slug}/calendar.ics"))
    second = parse(client.get(f"/en/venues/{venue.slug}/calendar.ics"))

    zones = [calendar.walk("VTIMEZONE") for calendar in (first, second)]
    assert [[zone["TZID"] for zone in each] for each in zones] == [["Europe/Berlin"]] * 2
    assert zones[0][0].to_ical() == zones[1][0].to_ical()


def test_film_calendar_has_every_screening_of_the_film(client):
    film = make_film(**PUBLISHED)
    screenings = [
        published_screening(film=film, starts_at=shanghai(day, 19), ends_at=shanghai(day, 21))
        for day in (12, 13)
    ]
    published_screening()

    calendar = parse(client.get(f"/en/films/{film.slug}/calendar.ics"))

    assert set(events(calendar)) == {
        f"screening-{screening.pk}@film-alliance-catalog" for screening in screenings
    }


def test_film_calendar_without_screenings_is_an_empty_valid_calendar(client):
    film = make_film(**PUBLISHED)

    calendar = parse(client.get(f"/en/films/{film.slug}/calendar.ics"))

    assert (calendar["VERSION"], calendar.walk("VEVENT")) == ("2.0", [])


def test_person_calendar_has_their_films_q_and_as_and_activities_once_each(client):
    person = make_person(**PUBLISHED)
    film = make_film(**PUBLISHED)
    make_credit(film=film, person=person, role="director")
    make_credit(film=film, person=person, role="writer")
    of_their_film = published_screening(film=film)
    with_them_as_guest = published_screening()
    with_them_as_guest.guests.add(person)
    both = published_screening(film=film, venue=make_venue(**PUBLISHED))
    both.guests.add(person)
    session = published_session()
    Participation.objects.create(activity=session.activity, person=person)
    published_screening()  # not theirs

    calendar = parse(client.get(f"/en/people/{person.slug}/calendar.ics"))

    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert sorted(uids) == sorted(
        [
            f"screening-{of_their_film.pk}@film-alliance-catalog",
            f"screening-{with_them_as_guest.pk}@film-alliance-catalog",
            f"screening-{both.pk}@film-alliance-catalog",
            f"activity-session-{session.pk}@film-alliance-catalog",
        ]
    )


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (make_film, "films"),
        (make_person, "people"),
        (make_film_week, "film-weeks"),
        (make_venue, "venues"),
    ],
)
def test_calendar_of_a_draft_answers_404(client, db, make, path):
    draft = make(slug="draft")

    response = client.get(f"/en/{path}/{draft.slug}/calendar.ics")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["films", "people", "film-weeks", "venues"])
def test_calendar_of_an_unknown_slug_answers_404(client, db, path):
    response = client.get(f"/en/{path}/no-such-thing/calendar.ics")

    assert response.status_code == 404


# The filtered schedule


def test_schedule_calendar_keeps_the_filters(client):
    week = make_film_week(**PUBLISHED)
    here = make_venue(**PUBLISHED)
    kept = published_screening(film_week=week, venue=here)
    published_screening(film_week=week)  # another venue
    published_session(activity=make_activity(film_week=week), venue=here)

    calendar = parse(
        client.get(f"/en/schedule/calendar.ics?film_week={week.slug}&venue={here.slug}&kind=film")
    )

    assert list(events(calendar)) == [f"screening-{kept.pk}@film-alliance-catalog"]
    assert calendar["X-WR-CALNAME"] == f"Schedule: {week.name_en} 2023"


def test_schedule_calendar_in_chinese_is_named_year_first_in_chinese_order(client):
    week = make_film_week(name_zh="“一带一路”电影周", year=2023, **PUBLISHED)
    published_screening(film_week=week)

    calendar = parse(client.get(f"/zh-hans/schedule/calendar.ics?film_week={week.slug}"))

    assert calendar["X-WR-CALNAME"] == "2023年“一带一路”电影周排片表"


def test_schedule_calendar_on_a_day(client):
    week = make_film_week(**PUBLISHED)
    kept = published_screening(film_week=week, starts_at=shanghai(13, 1), ends_at=shanghai(13, 3))
    published_screening(film_week=week, starts_at=shanghai(12, 23), ends_at=shanghai(13, 0, 30))

    calendar = parse(client.get("/en/schedule/calendar.ics?day=2023-06-13"))

    assert list(events(calendar)) == [f"screening-{kept.pk}@film-alliance-catalog"]


def test_schedule_calendar_with_malformed_filters_answers_a_calendar(client):
    screening = published_screening()

    calendar = parse(
        client.get("/en/schedule/calendar.ics?day=abc&venue=%00&tz=Mars/Base&kind=x&page=-1")
    )

    assert list(events(calendar)) == [f"screening-{screening.pk}@film-alliance-catalog"]


def test_schedule_calendar_without_any_film_week_is_empty(client, db):
    calendar = parse(client.get("/en/schedule/calendar.ics"))

    assert (calendar["X-WR-CALNAME"], calendar.walk("VEVENT")) == ("Schedule", [])


def test_schedule_page_links_the_calendar_with_its_filters(client):
    week = make_film_week(**PUBLISHED)
    venue = make_venue(**PUBLISHED)
    published_screening(film_week=week, venue=venue)

    response = client.get(f"/en/schedule/?venue={venue.slug}&tz=UTC&page=1&kind=film")

    html = response.content.decode()
    expected = f'href="/en/schedule/calendar.ics?venue={venue.slug}&amp;kind=film"'
    assert html.count(expected) == 1


# Query counts


def _calendar_slots(rows, **where):
    """`rows` screenings (each with a guest) and `rows` sessions, on days of their own, at the
    venue and of the film week of `where` (new ones else), of one published film."""
    film = where.pop("film", None) or make_film(**PUBLISHED)
    week = where.pop("film_week", None) or make_film_week(**PUBLISHED)
    venue = where.pop("venue", None) or make_venue(**PUBLISHED)
    for day in range(12, 12 + rows):
        screening = published_screening(
            film=film,
            film_week=week,
            venue=venue,
            starts_at=shanghai(day, 19),
            ends_at=shanghai(day, 21),
        )
        screening.guests.add(make_person(**PUBLISHED))
        published_session(
            activity=make_activity(film_week=week),
            venue=venue,
            starts_at=shanghai(day, 10),
            ends_at=shanghai(day, 11),
        )


@pytest.mark.parametrize("rows", [1, 3])
def test_venue_calendar_queries_same_for_1_and_3_slots(client, django_assert_num_queries, rows):
    venue = make_venue(**PUBLISHED)
    _calendar_slots(rows, venue=venue)

    # The venue; its screenings and sessions; then what their events name, each read once:
    # venues and film weeks of both, the screenings' guests.
    with django_assert_num_queries(8):
        calendar = parse(client.get(f"/en/venues/{venue.slug}/calendar.ics"))

    assert len(calendar.walk("VEVENT")) == 2 * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_film_week_calendar_queries_same_for_1_and_3_slots(client, django_assert_num_queries, rows):
    week = make_film_week(**PUBLISHED)
    _calendar_slots(rows, film_week=week)

    with django_assert_num_queries(8):
        calendar = parse(client.get(f"/en/film-weeks/{week.slug}/calendar.ics"))

    assert len(calendar.walk("VEVENT")) == 2 * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_film_calendar_queries_same_for_1_and_3_screenings(client, django_assert_num_queries, rows):
    film = make_film(**PUBLISHED)
    _calendar_slots(rows, film=film)

    # The film; its screenings with their venues and film weeks; their guests.
    with django_assert_num_queries(3):
        calendar = parse(client.get(f"/en/films/{film.slug}/calendar.ics"))

    assert len(calendar.walk("VEVENT")) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_person_calendar_queries_same_for_1_and_3_screenings(
    client, django_assert_num_queries, rows
):
    person = make_person(**PUBLISHED)
    film = make_film(**PUBLISHED)
    make_credit(film=film, person=person)
    _calendar_slots(rows, film=film)

    # The person; the screenings of their films, those they are a guest at and the sessions
    # they take part in, each with its venue and film week; the screenings' guests.
    with django_assert_num_queries(5):
        calendar = parse(client.get(f"/en/people/{person.slug}/calendar.ics"))

    assert len(calendar.walk("VEVENT")) == rows
