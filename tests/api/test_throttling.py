"""Anonymous requests to the API are limited per client address (API_RATE_ANON), counted in the
shared cache before the page cache: answers from the cache and 304s count too, and the 429 says
when to come back."""

import pytest
import redis
from django.core.cache import cache

from core.models import Status
from tests.factories import make_film

FILMS = "/api/v1/films/"
OTHER_ADDRESS = {"REMOTE_ADDR": "198.51.100.9"}
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, so no other test shares keys

pytestmark = pytest.mark.usefixtures("page_cache_on", "clock")


@pytest.fixture
def three_a_minute(db, settings):
    settings.API_RATE_ANON = "3/minute"
    make_film(slug="still-life", status=Status.PUBLISHED)


def statuses(client, path, times, **kwargs):
    return [client.get(path, **kwargs).status_code for _ in range(times)]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_anonymous_over_the_rate_gets_429_with_retry_after(db, client):
    served = statuses(client, FILMS, 3)

    response = client.get(FILMS)

    assert served == [200, 200, 200]
    assert [response.status_code, response["Retry-After"], response["Cache-Control"]] == [
        429,
        "25",
        "no-store",
    ]
    assert response.json() == {
        "detail": "Too many requests: 3/minute. Try again in 25 seconds.",
    }


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_counts_answers_from_the_page_cache(db, client, django_assert_num_queries):
    client.get(FILMS)  # made and stored

    with django_assert_num_queries(0):
        from_cache = statuses(client, FILMS, 3)

    assert from_cache == [200, 200, 429]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_counts_304_answers(db, client):
    etag = client.get(FILMS)["ETag"]

    answers = statuses(client, FILMS, 3, headers={"If-None-Match": etag})

    assert answers == [304, 304, 429]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_lets_the_address_in_again_when_the_window_ends(db, client, clock):
    statuses(client, FILMS, 4)
    clock.advance(25)

    assert statuses(client, FILMS, 1) == [200]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_429_of_one_address_is_not_served_to_another(db, client):
    statuses(client, FILMS, 4)

    response = client.get(FILMS, **OTHER_ADDRESS)

    assert response.status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_counts_ipv6_addresses_by_their_64_network(db, client):
    for host in range(3):
        client.get(FILMS, REMOTE_ADDR=f"2001:db8:1:2::{host + 1}")

    response = client.get(FILMS, REMOTE_ADDR="2001:db8:1:2:ffff::7")

    assert response.status_code == 429


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_429_carries_cors_headers(db, client):
    statuses(client, FILMS, 3)

    response = client.get(FILMS, headers={"Origin": "https://festival.example"})

    assert [response.status_code, response["Access-Control-Allow-Origin"]] == [429, "*"]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_does_not_count_options_requests(db, client):
    preflight = {"Origin": "https://festival.example", "Access-Control-Request-Method": "GET"}
    for _ in range(3):
        client.options(FILMS, headers=preflight)
        client.options(FILMS)

    assert statuses(client, FILMS, 3) == [200, 200, 200]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_counts_the_schema(db, client):
    answers = statuses(client, "/api/v1/schema/", 4)

    assert answers == [200, 200, 200, 429]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_leaves_html_pages_alone(db, client):
    answers = statuses(client, "/en/films/", 4)

    assert answers == [200, 200, 200, 200]


@pytest.mark.parametrize("rate", ["off", ""])
def test_throttle_switched_off_lets_every_request_in(db, client, settings, rate):
    settings.API_RATE_ANON = rate

    answers = statuses(client, FILMS, 70)

    assert set(answers) == {200}


def test_throttle_default_admits_sixty_requests_a_minute(db, client):
    served = statuses(client, FILMS, 60)

    refused = client.get(FILMS)

    assert [set(served), refused.status_code] == [{200}, 429]


def redis_is_up():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason=f"needs Redis at {REDIS_URL}")
@pytest.mark.usefixtures("three_a_minute")
def test_throttle_counts_in_redis_when_it_is_the_cache(db, client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
    }
    cache.clear()

    answers = statuses(client, FILMS, 4)

    cache.clear()
    assert answers == [200, 200, 200, 429]


@pytest.mark.usefixtures("three_a_minute")
def test_throttle_behind_a_trusted_proxy_counts_the_forwarded_address(db, client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(3):
        client.get(FILMS, HTTP_X_FORWARDED_FOR="198.51.100.1")

    refused = client.get(FILMS, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = client.get(FILMS, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert [refused.status_code, other.status_code] == [429, 200]
