import json

import pytest
from django.db import connection
from django.db.utils import OperationalError


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any database access here would raise instead of answering.
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
def test_readyz_with_database_and_cache_up_is_200(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_with_database_down_is_503_naming_it(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "down": ["database"]}


@pytest.mark.django_db
def test_readyz_with_cache_down_is_503_naming_it(client, monkeypatch):
    from django.core.cache import cache

    def broken_set(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "set", broken_set)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "down": ["cache"]}
