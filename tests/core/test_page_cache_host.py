"""The page cache answers only the hosts of ALLOWED_HOSTS: any other Host gets 400, as Django
answers it without the cache, even once the page is cached."""

import pytest

from core.models import Status
from tests.factories import make_film

FILMS = "/en/films/"
EVIL = {"host": "evil.com"}


pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_page_cache_cached_page_for_a_host_not_allowed_is_400(
    db, client, django_assert_num_queries
):
    make_film(status=Status.PUBLISHED)
    client.get(FILMS)
    with django_assert_num_queries(0):
        cached = client.get(FILMS)

    response = client.get(FILMS, headers=EVIL)

    assert (cached.status_code, response.status_code) == (200, 400)


def test_page_cache_matching_etag_for_a_host_not_allowed_is_400_not_304(db, client):
    etag = client.get(FILMS)["ETag"]

    response = client.get(FILMS, headers={**EVIL, "If-None-Match": etag})

    assert response.status_code == 400


def test_page_cache_uncached_page_for_a_host_not_allowed_is_400(db, client):
    response = client.get(FILMS, headers=EVIL)

    assert response.status_code == 400


def test_page_cache_page_of_one_allowed_host_is_not_served_to_another(db, client, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    client.get(FILMS, headers={"host": "one.example"})

    response = client.get(FILMS, headers={"host": "two.example"})

    page = response.content.decode()
    assert ("two.example" in page, "one.example" in page) == (True, False)
