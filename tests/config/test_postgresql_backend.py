"""The PostgreSQL backend's health check (config/postgresql): no round trip, and a connection the
server has ended is found unusable, so Django opens a new one instead of failing the request."""

import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backend is PostgreSQL's"
)


@pytest.fixture
def own_connection(db):
    """A connection of its own, outside the test's transaction."""
    other = connection.copy()
    other.ensure_connection()
    yield other
    other.close()


def _end_from_the_server(other):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [other.connection.info.backend_pid])
    for _ in range(100):  # the server's goodbye reaches the socket shortly after
        if not other.is_usable():
            return
        time.sleep(0.01)


def test_backend_is_django_s_with_its_own_health_check():
    assert type(connections["default"]).__module__ == "config.postgresql.base"


def test_health_check_of_an_idle_connection_makes_no_round_trip(own_connection, monkeypatch):
    sent = []
    monkeypatch.setattr(own_connection.connection, "execute", lambda *args: sent.append(args))

    usable = own_connection.is_usable()

    assert (usable, sent) == (True, [])


def test_health_check_finds_a_connection_the_server_ended(own_connection):
    _end_from_the_server(own_connection)

    assert own_connection.is_usable() is False


def test_health_check_failed_connection_is_replaced_at_the_next_request(own_connection):
    own_connection.health_check_enabled = True  # as CONN_HEALTH_CHECKS sets it
    _end_from_the_server(own_connection)

    own_connection.close_if_unusable_or_obsolete()  # what Django does as a request starts
    with own_connection.cursor() as cursor:  # the request's first query
        cursor.execute("SELECT 1")
        answer = cursor.fetchone()

    assert answer == (1,)


def test_prepared_cursor_prepares_a_query_run_often(db):
    query = "SELECT count(*) FROM alliance_country WHERE code <> 'XX'"

    for _ in range(6):  # more than the prepare_threshold of the settings (5)
        with connections["default"].prepared_cursor() as cursor:
            cursor.execute(query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]

    assert query in prepared


def test_plain_cursor_prepares_nothing(db):
    query = "SELECT count(*) FROM alliance_country WHERE code <> 'YY'"

    for _ in range(6):
        with connection.cursor() as cursor:
            cursor.execute(query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]

    assert query not in prepared


def test_prepared_cursor_queries_are_logged_with_their_sql(db):
    query = "SELECT count(*) FROM alliance_country WHERE code <> 'ZZ'"

    with CaptureQueriesContext(connection) as queries:
        for _ in range(7):  # before and after the statement is prepared
            with connections["default"].prepared_cursor() as cursor:
                cursor.execute(query)

    assert [logged["sql"] for logged in queries.captured_queries] == [query] * 7
