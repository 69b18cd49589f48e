"""A lost database: a read is answered again once on a fresh connection; what still fails, and
any write, gets the 503 page in the visitor's language with Retry-After, never a 500.

The database "fails" through an execute wrapper that raises before a query is sent. Inside the
transaction of the `db` fixture no fresh connection could go on, so the middleware does not try
again there: two tests use transactional_db and really reconnect (flushing the database after
each costs seconds on PostgreSQL); the others take `retries_allowed`."""

import logging

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.db import faults

FILMS = "/en/films/"
FILMS_ZH = "/zh-hans/films/"
ENGLISH_503 = "The catalog is briefly unavailable"
CHINESE_503 = "名录暂时无法访问"


class FailingSelects:
    """An execute wrapper: each SELECT raises `error` until it has done so `times` times
    (forever with None)."""

    def __init__(self, error=OperationalError, times=None):
        self.error, self.times, self.raised = error, times, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().startswith("SELECT") and (self.times is None or self.raised < self.times):
            self.raised += 1
            raise self.error("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


class QueryingMiddleware:
    """A middleware that reads the database before the view, as a session or user lookup does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        get_user_model().objects.exists()
        return self.get_response(request)


class WritingMiddleware:
    """A middleware that writes before the view, as a session saved early would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        Session.objects.filter(session_key="none").update(expire_date=timezone.now())
        return self.get_response(request)


class BrokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise ValueError("a bug, not the database")


@pytest.fixture
def retries_allowed(db, monkeypatch):
    """The `db` fixture's transaction left out of the decision, and the connections kept open
    (closing one would end that transaction): the closes the middleware asks for are counted."""
    closes = []
    monkeypatch.setattr(faults, "_in_transaction", lambda: False)
    monkeypatch.setattr(faults, "_close_connections", lambda: closes.append(1))
    return closes


def with_middleware(settings, dotted_path):
    """MIDDLEWARE with `dotted_path` before LocaleMiddleware (so no language is active yet)."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.middleware.locale.LocaleMiddleware"), dotted_path)
    settings.MIDDLEWARE = middleware


def text(response):
    return response.content.decode()


def test_database_fault_once_on_get_is_answered_again_with_200(transactional_db, client):
    failing = FailingSelects(times=1)

    with connection.execute_wrapper(failing):
        response = client.get(FILMS)

    assert (response.status_code, failing.raised) == (200, 1)


@pytest.mark.parametrize(
    "error",
    [OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError],
    ids=lambda error: f"{error.__module__}.{error.__name__}",
)
def test_database_fault_of_either_driver_layer_is_503_with_retry_after(
    retries_allowed, client, error
):
    failing = FailingSelects(error)

    with connection.execute_wrapper(failing):
        response = client.get(FILMS)

    assert (response.status_code, response["Retry-After"], failing.raised) == (503, "30", 2)
    assert ENGLISH_503 in text(response)
    assert "Traceback" not in text(response)


def test_database_fault_every_time_on_get_is_503_after_a_second_try(transactional_db, client):
    failing = FailingSelects()

    with connection.execute_wrapper(failing):
        response = client.get(FILMS)

    assert (response.status_code, response["Cache-Control"], failing.raised) == (
        503,
        "no-store",
        2,
    )


def test_database_fault_on_chinese_page_is_503_in_chinese(db, client):
    with connection.execute_wrapper(FailingSelects()):
        response = client.get(FILMS_ZH)

    assert (response.status_code, response["Content-Language"]) == (503, "zh-hans")
    assert '<html lang="zh-hans">' in text(response)
    assert CHINESE_503 in text(response)
    assert ENGLISH_503 not in text(response)


def test_database_fault_answered_503_is_logged_at_error_on_core_faults(
    retries_allowed, client, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="core.faults"),
        connection.execute_wrapper(FailingSelects()),
    ):
        client.get(FILMS)

    records = [record for record in caplog.records if record.name == "core.faults"]
    assert [(record.levelname, record.getMessage()) for record in records] == [
        (
            "WARNING",
            f"GET {FILMS} met a database fault (server closed the connection unexpectedly); "
            "answering it again on a fresh connection",
        ),
        ("ERROR", f"GET {FILMS} answered 503: the database failed"),
    ]
    assert records[-1].exc_info[0] is OperationalError


def test_database_fault_on_post_is_503_without_a_second_try(retries_allowed, client):
    failing = FailingSelects()

    with connection.execute_wrapper(failing):
        response = client.post(reverse("account-password-reset"), {"email": "someone@example.org"})

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert (failing.raised, retries_allowed) == (1, [])


def test_database_fault_on_get_after_a_write_is_503_without_a_second_try(
    retries_allowed, client, settings
):
    with_middleware(settings, "tests.core.test_faults.WritingMiddleware")
    failing = FailingSelects()

    with connection.execute_wrapper(failing):
        response = client.get(FILMS)

    assert (response.status_code, failing.raised, retries_allowed) == (503, 1, [])


def test_database_fault_once_in_a_middleware_is_answered_again_with_200(retries_allowed, settings):
    with_middleware(settings, "tests.core.test_faults.QueryingMiddleware")
    failing = FailingSelects(times=1)

    with connection.execute_wrapper(failing):
        response = Client(raise_request_exception=False).get(FILMS)

    assert (response.status_code, failing.raised, retries_allowed) == (200, 1, [1])


def test_database_fault_in_a_middleware_is_503_in_the_language_of_the_address(db, settings):
    with_middleware(settings, "tests.core.test_faults.QueryingMiddleware")

    with connection.execute_wrapper(FailingSelects()):
        response = Client(raise_request_exception=False).get(FILMS_ZH)

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert CHINESE_503 in text(response)


def test_other_error_in_a_middleware_is_still_the_500_page(db, settings):
    with_middleware(settings, "tests.core.test_faults.BrokenMiddleware")

    response = Client(raise_request_exception=False).get(FILMS)

    assert response.status_code == 500
    assert "Something went wrong on our side" in text(response)
