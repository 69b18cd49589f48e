"""The API goes through the page cache of the HTML pages: an ETag with 304, public caching
headers, and a save seen on the next request."""

import pytest

from core.models import Status
from tests.factories import make_film

PUBLISHED = {"status": Status.PUBLISHED}


pytestmark = pytest.mark.usefixtures("page_cache_on")


@pytest.mark.parametrize("path", ["/api/v1/films/", "/api/v1/films/still-life/"])
def test_api_answer_is_public_for_a_minute_with_an_etag(db, client, path):
    make_film(slug="still-life", **PUBLISHED)

    response = client.get(path)

    assert [response["Cache-Control"], response.has_header("ETag")] == [
        "public, max-age=60",
        True,
    ]


@pytest.mark.parametrize("path", ["/api/v1/films/", "/api/v1/films/still-life/"])
def test_api_matching_etag_gets_304_without_a_query(db, client, django_assert_num_queries, path):
    make_film(slug="still-life", **PUBLISHED)
    etag = client.get(path)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(path, headers={"If-None-Match": etag})

    assert [response.status_code, response["ETag"], response["Cache-Control"]] == [
        304,
        etag,
        "public, max-age=60",
    ]


def test_api_saved_film_shows_on_the_next_request(db, client):
    film = make_film(slug="still-life", title_en="Old title", **PUBLISHED)
    before = client.get("/api/v1/films/still-life/")

    film.title_en = "New title"
    film.save()
    after = client.get("/api/v1/films/still-life/", headers={"If-None-Match": before["ETag"]})

    assert [after.status_code, after.json()["title"]["en"]] == [200, "New title"]


def test_api_published_film_shows_in_the_list_on_the_next_request(db, client):
    film = make_film(slug="still-life")
    before = client.get("/api/v1/films/").json()

    film.status = Status.PUBLISHED
    film.save()
    after = client.get("/api/v1/films/").json()

    assert [before["count"], after["count"]] == [0, 1]


def test_api_bad_request_is_not_kept(db, client):
    client.get("/api/v1/films/", {"kind": "opera"})

    response = client.get("/api/v1/films/", {"kind": "opera"})

    assert [response.status_code, response.has_header("ETag")] == [400, False]


def test_api_answers_in_english_whatever_the_browser_asks(db, client):
    response = client.get("/api/v1/films/", {"kind": "opera"}, headers={"Accept-Language": "zh"})

    assert response.json() == {"kind": ["This is not one of the choices."]}
