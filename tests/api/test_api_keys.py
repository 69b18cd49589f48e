"""API keys: a request with a key staff issued is counted per key at API_RATE_KEY; an unknown or
revoked key is a 401; only the key's digest is stored, and its last use is written at most once
a minute."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from api import services
from api.models import ApiKey
from core.models import Status
from tests.factories import make_film, make_institution, make_user

FILMS = "/api/v1/films/"

pytestmark = pytest.mark.usefixtures("page_cache_on", "clock")


@pytest.fixture
def issued(db):
    """(ApiKey, the key itself) of a new key."""
    make_film(slug="still-life", status=Status.PUBLISHED)
    return services.api_key_issue(
        institution=make_institution(), name="Festival website", by=make_user(is_staff=True)
    )


def with_key(key):
    return {"headers": {"X-API-Key": key}}


def statuses(client, times, **kwargs):
    return [client.get(FILMS, **kwargs).status_code for _ in range(times)]


def test_api_key_gets_the_higher_rate(client, settings, issued):
    settings.API_RATE_ANON, settings.API_RATE_KEY = "1/minute", "3/minute"
    _api_key, key = issued

    keyed = statuses(client, 4, **with_key(key))
    anonymous = statuses(client, 2)

    assert [keyed, anonymous] == [[200, 200, 200, 429], [200, 429]]


def test_api_key_is_counted_apart_from_its_address(client, settings, issued):
    settings.API_RATE_ANON, settings.API_RATE_KEY = "1/minute", "3/minute"
    _api_key, key = issued
    statuses(client, 2)  # the address is over its anonymous rate

    response = client.get(FILMS, **with_key(key))

    assert response.status_code == 200


def test_api_key_revoked_gets_401_with_a_json_body(client, issued):
    api_key, key = issued
    services.api_key_revoke(api_key=api_key)

    response = client.get(FILMS, **with_key(key))

    assert [response.status_code, response["WWW-Authenticate"]] == [
        401,
        'ApiKey header="X-API-Key"',
    ]
    assert response.json() == {
        "detail": "The X-API-Key header names no valid key: unknown or revoked. Send no key "
        "to read at the anonymous rate."
    }


@pytest.mark.parametrize(
    "sent",
    ["", "nonsense", "0123456789ab.not-the-secret", "0123456789ab", "ünïcödé.ключ"],
)
def test_api_key_unknown_gets_401(db, client, sent):
    response = client.get(FILMS, **with_key(sent))

    assert [response.status_code, response.json()["detail"][:30]] == [
        401,
        "The X-API-Key header names no ",
    ]


def test_api_key_with_a_known_prefix_and_a_wrong_secret_gets_401(client, issued):
    api_key, _key = issued

    response = client.get(FILMS, **with_key(f"{api_key.prefix}.{'x' * 43}"))

    assert response.status_code == 401


def test_api_key_401_carries_cors_headers(db, client):
    response = client.get(FILMS, headers={"X-API-Key": "nonsense", "Origin": "https://a.example"})

    assert [response.status_code, response["Access-Control-Allow-Origin"]] == [401, "*"]


def test_api_key_preflight_allows_the_key_header(db, client):
    headers = {
        "Origin": "https://festival.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-api-key",
    }

    response = client.options(FILMS, headers=headers)

    assert "x-api-key" in response["Access-Control-Allow-Headers"].split(", ")


def test_api_key_is_stored_as_its_sha256_digest_only(issued):
    api_key, key = issued

    row = ApiKey.objects.filter(pk=api_key.pk).values().get()

    assert row["digest"] == hashlib.sha256(key.encode()).hexdigest()
    assert [name for name, value in row.items() if key.split(".")[1] in str(value)] == []


def test_api_key_use_records_its_last_use(client, issued):
    api_key, key = issued

    client.get(FILMS, **with_key(key))

    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_api_key_second_use_within_a_minute_writes_nothing(
    client, issued, django_assert_num_queries
):
    _api_key, key = issued
    client.get(FILMS, **with_key(key))  # the page stored, the last use written

    with django_assert_num_queries(1):  # the key looked up by its prefix
        response = client.get(FILMS, **with_key(key))

    assert response.status_code == 200


def test_api_key_prefix_is_unique(issued):
    api_key, _key = issued
    duplicate = ApiKey(
        institution=api_key.institution, name="Copy", prefix=api_key.prefix, digest="0" * 64
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_api_key_revoked_before_its_issue_is_refused_by_the_database(issued):
    api_key, _key = issued
    api_key.revoked_at = api_key.created_at - timezone.timedelta(days=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        api_key.save()


def test_api_key_revoked_before_its_issue_is_refused_by_clean(issued):
    api_key, _key = issued
    api_key.revoked_at = api_key.created_at - timezone.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        api_key.clean()

    assert refused.value.messages == ["A key is revoked after it was issued."]


def test_api_key_without_a_name_is_refused_by_clean(issued):
    api_key, _key = issued
    api_key.name = "   "

    with pytest.raises(ValidationError) as refused:
        api_key.full_clean()

    assert refused.value.message_dict == {"name": ["Say what uses the key."]}


def test_api_key_without_prefix_is_refused_by_the_database(db):
    unissued = ApiKey(institution=make_institution(), name="Website", digest="0" * 64)

    with pytest.raises(IntegrityError), transaction.atomic():
        unissued.save()


def test_api_key_schema_documents_the_header_and_the_refusals(db, client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()

    film_list = schema["paths"][FILMS]["get"]
    assert schema["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    assert film_list["security"] == [{"ApiKey": []}, {}]
    assert sorted(film_list["responses"]) == ["200", "400", "401", "429"]
    assert list(film_list["responses"]["429"]["headers"]) == ["Retry-After"]
