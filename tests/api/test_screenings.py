"""/api/v1/screenings/ and /api/v1/sessions/: the slots the schedule shows, with its own
FilterSet, published records only, times with their zone, and a number of queries that does not
grow with the rows shown."""

import datetime

import pytest

from core.models import Status
from filmweek.models import ActivityKind
from tests.factories import (
    make_activity,
    make_film,
    make_film_week,
    make_person,
    make_screening,
    make_venue,
)
from tests.records import published_screening, published_session

PUBLISHED = {"status": Status.PUBLISHED}
JUNE_12 = datetime.datetime(2023, 6, 12, 11, 0, tzinfo=datetime.UTC)


def ids(body):
    return [row["id"] for row in body["results"]]


def test_screening_list_shows_times_in_the_venues_zone_links_and_published_guests(db, get_json):
    venue = make_venue(
        slug="karo",
        name_en="Karo Oktyabr",
        name_zh="十月影院",
        city_en="Moscow",
        city_zh="莫斯科",
        time_zone="Europe/Moscow",
        **PUBLISHED,
    )
    week = make_film_week(slug="week", name_en="Film Week", name_zh="电影周", **PUBLISHED)
    film = make_film(slug="red-silk", title_original="Red Silk", title_zh="红丝绸", **PUBLISHED)
    screening = make_screening(
        film=film,
        film_week=week,
        venue=venue,
        section_en="Panorama",
        section_zh="全景",
        ticket_url="https://tickets.example.org/1",
    )
    screening.guests.add(make_person(slug="guest", name_en="Guest", **PUBLISHED), make_person())

    status, body = get_json("screenings/")

    assert status == 200
    assert body["results"] == [
        {
            "id": screening.pk,
            "starts_at": "2023-06-12T14:00:00+03:00",
            "ends_at": "2023-06-12T16:00:00+03:00",
            "time_zone": "Europe/Moscow",
            "state": "scheduled",
            "venue": {
                "slug": "karo",
                "name": {"en": "Karo Oktyabr", "zh": "十月影院"},
                "city": {"en": "Moscow", "zh": "莫斯科"},
                "time_zone": "Europe/Moscow",
                "url": "http://testserver/en/venues/karo/",
            },
            "ics": f"http://testserver/en/screenings/{screening.pk}.ics",
            "film": {
                "slug": "red-silk",
                "title": {"original": "Red Silk", "en": "", "zh": "红丝绸"},
                "year": 2020,
                "url": "http://testserver/en/films/red-silk/",
            },
            "film_week": {
                "slug": "week",
                "name": {"en": "Film Week", "zh": "电影周"},
                "year": 2023,
                "url": "http://testserver/en/film-weeks/week/",
            },
            "section": {"en": "Panorama", "zh": "全景"},
            "language_note": {"en": "", "zh": ""},
            "ticket_url": "https://tickets.example.org/1",
            "guests": [
                {
                    "slug": "guest",
                    "name": {"en": "Guest", "zh": ""},
                    "url": "http://testserver/en/people/guest/",
                }
            ],
        }
    ]


def test_screening_list_gives_times_in_the_zone_asked_for(db, get_json):
    published_screening(starts_at=JUNE_12)

    status, body = get_json("screenings/", {"tz": "UTC"})

    row = body["results"][0]
    assert [status, row["starts_at"], row["time_zone"]] == [200, "2023-06-12T11:00:00+00:00", "UTC"]


def test_screening_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    week = make_film_week(**PUBLISHED)
    shown = published_screening(film_week=week)
    published_screening(film_week=week, film=make_film(), starts_at=JUNE_12.replace(hour=14))
    published_screening(film_week=week, venue=make_venue(), starts_at=JUNE_12.replace(hour=17))

    status, body = get_json("screenings/")

    assert [status, body["count"], ids(body)] == [200, 1, [shown.pk]]


def test_screening_list_of_a_draft_film_week_is_400(db, get_json):
    published_screening()
    make_screening(film=make_film(**PUBLISHED), film_week=make_film_week(slug="draft"))

    status, body = get_json("screenings/", {"film_week": "draft"})

    assert [status, body] == [400, {"film_week": ["This is not one of the choices."]}]


def test_screening_list_shows_the_film_week_chosen(db, get_json):
    old = published_screening(film_week=make_film_week(slug="old", year=2022, **PUBLISHED))
    published_screening(film_week=make_film_week(slug="new", year=2023, **PUBLISHED))

    status, body = get_json("screenings/", {"film_week": "old"})

    assert [status, ids(body)] == [200, [old.pk]]


def test_screening_list_filters_by_venue_with_the_schedules_filterset(db, get_json):
    week = make_film_week(**PUBLISHED)
    chosen = published_screening(film_week=week, venue=make_venue(slug="here", **PUBLISHED))
    published_screening(film_week=week, venue=make_venue(slug="there", **PUBLISHED))

    status, body = get_json("screenings/", {"venue": "here"})

    assert [status, ids(body)] == [200, [chosen.pk]]


def test_screening_list_day_is_the_venues_local_day(db, get_json):
    # 22:30 UTC on 12 June is 06:30 on 13 June in Shanghai.
    week = make_film_week(**PUBLISHED)
    late = published_screening(film_week=week, starts_at=JUNE_12.replace(hour=22, minute=30))
    published_screening(film_week=week, starts_at=JUNE_12)

    status, body = get_json("screenings/", {"day": "2023-06-13"})

    assert [status, ids(body)] == [200, [late.pk]]


def test_screening_list_day_in_the_zone_asked_for(db, get_json):
    week = make_film_week(**PUBLISHED)
    # 20:00 UTC on 11 June is 04:00 on 12 June in Shanghai.
    late = published_screening(film_week=week, starts_at=JUNE_12.replace(hour=22, minute=30))
    published_screening(film_week=week, starts_at=JUNE_12.replace(day=11, hour=20))

    status, body = get_json("screenings/", {"day": "2023-06-12", "tz": "UTC"})

    assert [status, ids(body)] == [200, [late.pk]]


def test_screening_list_day_far_off_is_empty_not_500(db, get_json):
    published_screening()

    status, body = get_json("screenings/", {"day": "9999-12-31"})

    assert [status, ids(body)] == [200, []]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"venue": "nowhere"}, {"venue": ["This is not one of the choices."]}),
        ({"city": "Atlantis"}, {"city": ["This is not one of the choices."]}),
        ({"kind": "opera"}, {"kind": ["This is not one of the choices."]}),
        ({"tz": "Mars/Olympus"}, {"tz": ["This is not one of the choices."]}),
        ({"film_week": "a\x00b"}, {"film_week": ["This is not one of the choices."]}),
        ({"day": "tomorrow"}, {"day": ["Enter a valid date."]}),
    ],
)
def test_screening_list_invalid_filter_is_400_naming_the_parameter(db, get_json, params, expected):
    published_screening()

    status, body = get_json("screenings/", params)

    assert [status, body] == [400, expected]


def test_schedule_page_still_leaves_out_an_unknown_value(db, client):
    published_screening(venue=make_venue(name_en="The Only Venue", **PUBLISHED))

    response = client.get("/en/schedule/", {"venue": "nowhere"})

    assert response.status_code == 200
    assert "Unknown value: this filter is not applied." in response.content.decode()


def test_session_list_shows_the_activity_and_its_film_week(db, get_json):
    week = make_film_week(slug="week", **PUBLISHED)
    activity = make_activity(film_week=week, title_en="Forum", title_zh="论坛")
    session = published_session(activity=activity, venue=make_venue(slug="hall", **PUBLISHED))

    status, body = get_json("sessions/")

    row = body["results"][0]
    assert status == 200
    assert [row["id"], row["ics"], row["kind"], row["title"], row["film_week"]["slug"]] == [
        session.pk,
        f"http://testserver/en/activity-sessions/{session.pk}.ics",
        "forum",
        {"en": "Forum", "zh": "论坛"},
        "week",
    ]
    assert [row["starts_at"], row["venue"]["slug"]] == ["2023-06-12T10:00:00+08:00", "hall"]


def test_session_list_leaves_out_drafts(db, get_json):
    week = make_film_week(**PUBLISHED)
    shown = published_session(activity=make_activity(film_week=week))
    published_session(activity=make_activity(film_week=week), venue=make_venue())

    status, body = get_json("sessions/")

    assert [status, body["count"], ids(body)] == [200, 1, [shown.pk]]


def test_session_list_filters_by_kind_with_the_schedules_filterset(db, get_json):
    week = make_film_week(**PUBLISHED)
    forum = published_session(activity=make_activity(film_week=week, kind=ActivityKind.FORUM))
    published_session(
        activity=make_activity(film_week=week, kind=ActivityKind.MARKET_PROMOTION),
        starts_at=JUNE_12,
    )

    status, body = get_json("sessions/", {"kind": "forum"})

    assert [status, ids(body)] == [200, [forum.pk]]


def test_session_list_invalid_filter_is_400_naming_the_parameter(db, get_json):
    published_session()

    status, body = get_json("sessions/", {"kind": "opera"})

    assert [status, body] == [400, {"kind": ["This is not one of the choices."]}]


@pytest.mark.parametrize("rows", [1, 3])
def test_screening_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    week = make_film_week(**PUBLISHED)
    venue = make_venue(**PUBLISHED)
    for hour in range(rows):
        screening = published_screening(
            film_week=week, venue=venue, starts_at=JUNE_12.replace(hour=hour * 3)
        )
        screening.guests.add(make_person(**PUBLISHED))

    # The default film week (no slot to come: the last one), the film weeks offered, the venue
    # and country choices, then the page's rows and their guests.
    with django_assert_num_queries(7):
        response = client.get("/api/v1/screenings/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_session_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    week = make_film_week(**PUBLISHED)
    for hour in range(rows):
        published_session(
            activity=make_activity(film_week=week), starts_at=JUNE_12.replace(hour=hour)
        )

    # The default film week (no slot to come: the last one), the film weeks offered, the venue
    # and country choices, then the page's rows.
    with django_assert_num_queries(6):
        response = client.get("/api/v1/sessions/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]
