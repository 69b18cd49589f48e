"""/api/v1/venues/: published venues only, bilingual names, links to their page and calendar,
their screenings and sessions to come, and a number of queries that does not grow with the rows
shown."""

import datetime

import pytest
from django.utils import timezone

from core.models import Status
from tests.factories import (
    make_activity,
    make_activity_session,
    make_country,
    make_film,
    make_film_week,
    make_person,
    make_screening,
    make_venue,
)

PUBLISHED = {"status": Status.PUBLISHED}


def slugs(body):
    return [row["slug"] for row in body["results"]]


def upcoming_at(venue, rows):
    """`rows` screenings and `rows` sessions at `venue`, each an hour apart from tomorrow on,
    in a published film week without dates (so any day is within it)."""
    week = make_film_week(starts_on=None, ends_on=None, **PUBLISHED)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    for number in range(rows):
        screening = make_screening(
            film=make_film(**PUBLISHED),
            film_week=week,
            venue=venue,
            starts_at=start + datetime.timedelta(hours=3 * number),
        )
        screening.guests.add(make_person(**PUBLISHED))
        make_activity_session(
            activity=make_activity(film_week=week),
            venue=venue,
            starts_at=start + datetime.timedelta(hours=3 * number + 2),
        )


def test_venue_list_shows_bilingual_names_address_and_links(db, get_json):
    make_venue(
        slug="siff-cinema",
        name_en="SIFF Cinema",
        name_zh="上影影城",
        city_en="Shanghai",
        city_zh="上海",
        country=make_country("CN"),
        address="1 Film Road",
        capacity=300,
        **PUBLISHED,
    )

    status, body = get_json("venues/")

    assert status == 200
    assert body["results"] == [
        {
            "slug": "siff-cinema",
            "url": "http://testserver/en/venues/siff-cinema/",
            "ics": "http://testserver/en/venues/siff-cinema/calendar.ics",
            "name": {"en": "SIFF Cinema", "zh": "上影影城"},
            "city": {"en": "Shanghai", "zh": "上海"},
            "country": "CN",
            "address": "1 Film Road",
            "capacity": 300,
            "time_zone": "Asia/Shanghai",
        }
    ]


def test_venue_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    make_venue(slug="shown", **PUBLISHED)
    make_venue(slug="draft")

    status, body = get_json("venues/")

    assert [status, body["count"], slugs(body)] == [200, 1, ["shown"]]


def test_venue_list_bad_cursor_is_400_naming_it(db, get_json):
    make_venue(**PUBLISHED)

    status, body = get_json("venues/", {"after": "not-a-cursor"})

    assert [status, list(body)] == [400, ["after"]]


def test_venue_detail_of_a_draft_is_404(db, get_json):
    make_venue(slug="draft")

    status, _body = get_json("venues/draft/")

    assert status == 404


def test_venue_detail_lists_published_screenings_and_sessions_to_come(db, get_json):
    venue = make_venue(slug="hall", **PUBLISHED)
    upcoming_at(venue, 1)
    tomorrow = timezone.now() + datetime.timedelta(days=1, hours=12)
    make_screening(film=make_film(), venue=venue, starts_at=tomorrow)  # a draft film

    status, body = get_json("venues/hall/")

    assert status == 200
    assert [len(body["upcoming_screenings"]), len(body["upcoming_sessions"])] == [1, 1]
    assert [body["upcoming_is_capped"], body["upcoming_screenings"][0]["venue"]["slug"]] == [
        False,
        "hall",
    ]


@pytest.mark.parametrize("rows", [1, 3])
def test_venue_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    for _number in range(rows):
        make_venue(**PUBLISHED)

    # The page's rows with their countries.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/venues/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_venue_detail_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    venue = make_venue(slug="hall", **PUBLISHED)
    upcoming_at(venue, rows)

    # The venue, its screenings and sessions to come, then for the screenings their venue,
    # film week and guests, and for the sessions their venue and film week.
    with django_assert_num_queries(8):
        response = client.get("/api/v1/venues/hall/")

    body = response.json()
    assert [response.status_code, len(body["upcoming_screenings"])] == [200, rows]
    assert len(body["upcoming_sessions"]) == rows


@pytest.mark.usefixtures("page_cache_on")
def test_venue_detail_from_the_page_cache_shows_a_cancellation_on_the_next_request(db, client):
    venue = make_venue(slug="hall", **PUBLISHED)
    upcoming_at(venue, 1)
    before = client.get("/api/v1/venues/hall/")
    screening = venue.screenings.get()

    screening.state = screening.State.CANCELLED
    screening.save()
    after = client.get("/api/v1/venues/hall/", headers={"If-None-Match": before["ETag"]})

    assert [before["Cache-Control"], after.status_code] == ["public, max-age=60", 200]
    assert after.json()["upcoming_screenings"][0]["state"] == "cancelled"
