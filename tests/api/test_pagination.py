"""Cursor pages of the API's lists: next and previous links that walk every row once, and a 400
naming the parameter for a cursor or a limit that is not one."""

import base64

import pytest

from api.pagination import MAX_LIMIT
from core.models import Status
from filmweek.models import Film, FilmCountry
from tests.factories import make_country, make_film, make_person

PUBLISHED = {"status": Status.PUBLISHED}


def walk(client, url, link):
    """Every page from `url` on, following `link` ("next" or "previous")."""
    pages = []
    while url:
        body = client.get(url).json()
        pages.append([row["slug"] for row in body["results"]])
        url = body[link]
    return pages


def test_film_list_next_links_walk_every_film_once(db, client):
    for number in range(7):
        make_film(slug=f"film-{number}", title_original=f"Film {number}", **PUBLISHED)

    pages = walk(client, "/api/v1/films/?limit=3", "next")

    assert pages == [
        ["film-0", "film-1", "film-2"],
        ["film-3", "film-4", "film-5"],
        ["film-6"],
    ]


def test_film_list_previous_links_walk_back_to_the_first_page(db, client):
    for number in range(7):
        make_film(slug=f"film-{number}", title_original=f"Film {number}", **PUBLISHED)
    last = client.get("/api/v1/films/?limit=3").json()["next"]
    last = client.get(last).json()["next"]

    pages = walk(client, last, "previous")

    assert pages == [
        ["film-6"],
        ["film-3", "film-4", "film-5"],
        ["film-0", "film-1", "film-2"],
    ]


def test_person_list_pages_keep_people_of_the_same_name_apart(db, client):
    for number in range(5):
        make_person(slug=f"li-{number}", name_en="Li Na", **PUBLISHED)

    pages = walk(client, "/api/v1/people/?limit=2", "next")

    assert sorted(sum(pages, [])) == [f"li-{number}" for number in range(5)]
    assert [len(page) for page in pages] == [2, 2, 1]


def test_film_list_links_keep_the_filters(db, client):
    for number in range(3):
        make_film(slug=f"doc-{number}", kind="documentary", **PUBLISHED)

    body = client.get("/api/v1/films/", {"kind": "documentary", "limit": 2}).json()

    assert "kind=documentary" in body["next"]
    assert [body["count"], body["count_is_capped"], body["previous"]] == [3, False, None]


def cursor(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"after": "not-a-cursor"}, "after"),
        ({"before": "%%%"}, "before"),
        ({"after": cursor('["Film", 1, "extra"]')}, "after"),  # another order's cursor
        ({"after": cursor('["\\u0000", 1]')}, "after"),
        ({"after": cursor('["Film", 99999999999999999999999]')}, "after"),
        ({"after": "A" * 5000}, "after"),
        ({"after": "\x00"}, "after"),
    ],
)
def test_film_list_malformed_cursor_is_400_naming_it(db, client, params, name):
    make_film(**PUBLISHED)

    response = client.get("/api/v1/films/", params)

    assert [response.status_code, list(response.json())] == [400, [name]]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "1e3", "\x00"])
def test_film_list_limit_out_of_range_is_400(db, client, limit):
    response = client.get("/api/v1/films/", {"limit": limit})

    assert [response.status_code, list(response.json())] == [400, ["limit"]]


def test_film_list_limit_of_100_is_accepted(db, client):
    make_film(**PUBLISHED)

    response = client.get("/api/v1/films/", {"limit": "100"})

    assert [response.status_code, len(response.json()["results"])] == [200, 1]


@pytest.mark.parametrize("limit", [1, MAX_LIMIT])
def test_film_list_queries_same_for_1_and_100_rows_a_page(
    db, client, django_assert_num_queries, limit
):
    films = Film.objects.bulk_create(
        Film(slug=f"film-{number:03}", title_original=f"Film {number:03}", **PUBLISHED)
        for number in range(MAX_LIMIT + 1)  # a next page after the largest: both pages count
    )
    countries = [make_country("CN"), make_country("RU")]
    FilmCountry.objects.bulk_create(
        FilmCountry(film=film, country=country, position=position)
        for film in films
        for position, country in enumerate(countries)
    )

    # The filter's choices (countries, languages, recent film weeks), the page's rows, their
    # production countries, and the total counted up to 1,000.
    with django_assert_num_queries(6):
        response = client.get("/api/v1/films/", {"limit": limit})

    body = response.json()
    assert [response.status_code, len(body["results"]), body["count"]] == [200, limit, 101]
    assert all(len(row["countries"]) == 2 for row in body["results"])
