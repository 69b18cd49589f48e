"""/api/v1/tours/: published tours only, with their stops of published films at editions of
published festivals, and a number of queries that does not grow with the rows shown."""

import datetime

import pytest

from core.models import DatePrecision, Status
from screenings.models import TourStop
from tests.factories import (
    make_country,
    make_festival_edition,
    make_film,
    make_institution,
    make_tour,
    make_tour_stop,
)

PUBLISHED = {"status": Status.PUBLISHED}


def slugs(body):
    return [row["slug"] for row in body["results"]]


def published_stop(tour, **kw):
    kw.setdefault("film", make_film(**PUBLISHED))
    kw.setdefault(
        "host_edition",
        make_festival_edition(institution=make_institution(**PUBLISHED)),
    )
    return make_tour_stop(tour=tour, **kw)


def test_tour_list_shows_names_and_counts_of_published_stops(db, get_json):
    organiser = make_institution(slug="siff", **PUBLISHED)
    tour = make_tour(
        slug="film-tour", name_en="Film Tour", name_zh="电影巡展", organiser=organiser, **PUBLISHED
    )
    published_stop(tour)
    published_stop(tour, film=make_film())  # a draft film

    status, body = get_json("tours/")

    row = body["results"][0]
    assert status == 200
    assert [row["name"], row["url"], row["organiser"]["slug"]] == [
        {"en": "Film Tour", "zh": "电影巡展"},
        "http://testserver/en/tours/film-tour/",
        "siff",
    ]
    assert [row["stop_count"], row["film_count"], row["first_stop_on"]] == [1, 1, "2023-04-20"]


def test_tour_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    make_tour(slug="shown", **PUBLISHED)
    make_tour(slug="draft")

    status, body = get_json("tours/")

    assert [status, body["count"], slugs(body)] == [200, 1, ["shown"]]


def test_tour_detail_of_a_draft_is_404(db, get_json):
    make_tour(slug="draft")

    status, _body = get_json("tours/draft/")

    assert status == 404


def test_tour_detail_names_no_draft_organiser(db, get_json):
    make_tour(slug="film-tour", organiser=make_institution(), **PUBLISHED)

    status, body = get_json("tours/film-tour/")

    assert [status, body["organiser"]] == [200, None]


def test_tour_detail_shows_stops_with_host_dates_and_premiere(db, get_json):
    tour = make_tour(slug="film-tour", **PUBLISHED)
    moscow = make_institution(
        slug="moscow-iff",
        name_en="Moscow IFF",
        city_en="Moscow",
        country=make_country("RU"),
        **PUBLISHED,
    )
    published_stop(
        tour,
        film=make_film(slug="five-hundred-miles", title_original="Five Hundred Miles", **PUBLISHED),
        host_edition=make_festival_edition(institution=moscow, number=45, year=2023),
        starts_on=datetime.date(2023, 4, 1),
        dates_precision=DatePrecision.MONTH,
        section_en="Out of competition",
        premiere=TourStop.Premiere.INTERNATIONAL,
    )
    published_stop(tour, host_edition=make_festival_edition(institution=make_institution()))

    status, body = get_json("tours/film-tour/")

    assert status == 200
    assert body["figures"] == {"stops": 1, "films": 1, "hosts": 1, "countries": 1}
    stop = body["stops"][0]
    assert [stop["film"]["slug"], stop["host"]["slug"], stop["host_country"]] == [
        "five-hundred-miles",
        "moscow-iff",
        "RU",
    ]
    assert [stop["host_edition_number"], stop["host_edition_year"], stop["host_city"]] == [
        45,
        2023,
        {"en": "Moscow", "zh": ""},
    ]
    assert [stop["starts_on"], stop["dates_precision"], stop["section"], stop["premiere"]] == [
        "2023-04-01",
        "month",
        {"en": "Out of competition", "zh": ""},
        "international",
    ]
    assert "tour" not in stop


@pytest.mark.parametrize("rows", [1, 3])
def test_tour_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    for _number in range(rows):
        published_stop(make_tour(organiser=make_institution(**PUBLISHED), **PUBLISHED))

    # The page's rows with their organisers and counts.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/tours/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_tour_detail_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    tour = make_tour(slug="film-tour", **PUBLISHED)
    for _number in range(rows):
        published_stop(tour)

    # The tour with its organiser, then its stops with their films and hosts.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/tours/film-tour/")

    assert [response.status_code, len(response.json()["stops"])] == [200, rows]
