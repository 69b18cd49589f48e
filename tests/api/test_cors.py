"""Any site may read the API from a browser: GET answers allow every origin, without cookies,
also when they come from the page cache; the HTML pages send no CORS headers."""

import pytest

from core.models import Status
from tests.factories import make_film

FESTIVAL = {"Origin": "https://festival.example"}


pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_cors_api_answer_allows_every_origin_without_credentials(db, client):
    make_film(slug="still-life", status=Status.PUBLISHED)

    response = client.get("/api/v1/films/still-life/", headers=FESTIVAL)

    assert [response.status_code, response.get("Access-Control-Allow-Origin")] == [200, "*"]
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_cors_api_answer_from_the_page_cache_allows_every_origin(
    db, client, django_assert_num_queries
):
    make_film(slug="still-life", status=Status.PUBLISHED)
    client.get("/api/v1/films/")

    with django_assert_num_queries(0):
        response = client.get("/api/v1/films/", headers=FESTIVAL)

    assert response.get("Access-Control-Allow-Origin") == "*"


def test_cors_preflight_allows_reading_only(db, client):
    headers = {**FESTIVAL, "Access-Control-Request-Method": "GET"}

    response = client.options("/api/v1/films/", headers=headers)

    allowed = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert [response.status_code, allowed] == [200, {"GET", "HEAD", "OPTIONS"}]


def test_cors_html_page_sends_no_cors_header(db, client):
    response = client.get("/en/films/", headers=FESTIVAL)

    assert [response.status_code, response.has_header("Access-Control-Allow-Origin")] == [
        200,
        False,
    ]
