"""The site under database faults, over HTTP: the app's PostgreSQL backends are terminated again
and again while visitors read public pages and a staff member adds people in the admin, then
the database refuses every connection.

Targets: no 500, no acknowledged write lost (every add answered with its redirect is in the
database), and while the database is gone public pages answer 503 with Retry-After in the
visitor's language, /readyz 503 and /healthz 200.

The app runs in Granian (the production server, with persistent connections, from the [bench]
extra) when it is installed, else in pytest-django's live server."""

import http.client
import importlib.util
import os
import threading
import time
from collections import Counter
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from bench import servers
from bench.saver import Browser, form_fields, replaced
from core.models import Status
from filmweek.models import Person
from tests.factories import make_film, make_person, make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="terminates the app's PostgreSQL server processes (pg_terminate_backend); SQLite "
    "has no server connection to lose",
)

LOAD_SECONDS = 10
KILL_EVERY_SECONDS = 0.5
READERS = 3
ADD_PERSON = "/admin/filmweek/person/add/"
# Only the test database's server processes, but for the connection that asks.
TERMINATE = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = %s AND pid <> pg_backend_pid()"
)


def fetch(port, path):
    """(status, headers, body) of a GET without cookies."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        client.close()


@contextmanager
def maintenance_connection():
    """A connection to the server's `postgres` database, from which the test database's
    connections are terminated and refused (PostgreSQL refuses both to a connection to the
    database itself); yields it with the test database's name."""
    db = connection.settings_dict
    assert db["NAME"].startswith("test_")  # never any other database
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as maintenance:
        yield maintenance, db["NAME"]


def allow_connections(name, allowed):
    return sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
        sql.Identifier(name), sql.Literal(allowed)
    )


def terminate(maintenance, name):
    return maintenance.execute(TERMINATE, [name]).fetchone()[0]


@pytest.fixture
def app_port(transactional_db, tmp_path, request):
    """The port of the app serving the test database: Granian with two workers of two
    threads, or the live server."""
    if importlib.util.find_spec("granian") is None:
        yield request.getfixturevalue("live_server").thread.port
        return
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "PAGE_CACHE": "0",  # every read goes to the database
        "REDIS_URL": "",
    }
    server = servers.start("granian", "faults", environment, 2, 2, tmp_path)
    yield server.port
    servers.stop(server)


@pytest.fixture
def catalog(transactional_db):
    """Public pages to read."""
    films = [make_film(status=Status.PUBLISHED) for _ in range(3)]
    person = make_person(status=Status.PUBLISHED)
    return [
        "/en/",
        "/en/films/",
        "/zh-hans/films/",
        "/en/people/",
        f"/en/films/{films[0].slug}/",
        f"/zh-hans/people/{person.slug}/",
    ]


@pytest.fixture
def staff_session(transactional_db, client):
    """The session key of a signed-in superuser. Signing in through the form is a POST that
    hashes a password for a second, and a POST met by a fault is not answered again."""
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@contextmanager
def running(target, count):
    stop = threading.Event()
    threads = [threading.Thread(target=target, args=(stop,), daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)


class Visitors:
    def __init__(self, port, pages):
        self.port, self.pages = port, pages
        self.statuses = Counter()

    def read(self, stop):
        turn = 0
        while not stop.is_set():
            path = self.pages[turn % len(self.pages)]
            turn += 1
            try:
                self.statuses[servers.status_of(self.port, path)] += 1
            except (OSError, http.client.HTTPException):
                self.statuses["no answer"] += 1


class Editor:
    """Adds people through the admin, signed in with the session of `session_key`: opens the
    add form, then posts it; a redirect answering the post is a save."""

    def __init__(self, port, session_key):
        self.browser = Browser(port)
        self.browser.cookies[settings.SESSION_COOKIE_NAME] = session_key
        self.acknowledged = []
        self.statuses = Counter()  # of the forms opened and the posts

    def add(self, slug):
        opened = self.browser.get(ADD_PERSON)
        self.statuses[opened.status] += 1
        if opened.status != 200:
            return
        fields = replaced(form_fields(opened.body, "person_form"), "slug", slug)
        fields = replaced(fields, "name_en", f"Fault test {slug}")
        saved = self.browser.post(ADD_PERSON, [*fields, ("_save", "Save")])
        self.statuses[saved.status] += 1
        if saved.status == 302:
            self.acknowledged.append(slug)

    def write(self, stop):
        turn = 0
        while not stop.is_set():
            turn += 1
            try:
                self.add(f"fault-test-{turn}")
            except (OSError, http.client.HTTPException):
                self.statuses["no answer"] += 1


def test_fault_tolerance_terminated_backends_give_no_500_and_lose_no_write(
    app_port, catalog, staff_session
):
    visitors, editor = Visitors(app_port, catalog), Editor(app_port, staff_session)
    terminated = 0
    with (
        maintenance_connection() as (maintenance, name),
        running(visitors.read, READERS),
        running(editor.write, 1),
    ):
        deadline = time.monotonic() + LOAD_SECONDS
        while time.monotonic() < deadline:
            time.sleep(KILL_EVERY_SECONDS)
            terminated += terminate(maintenance, name)
    connection.close()  # the test's own connection was terminated too

    lost = set(editor.acknowledged) - set(
        Person.objects.filter(slug__in=editor.acknowledged).values_list("slug", flat=True)
    )
    print(
        f"\nterminated {terminated}; reads {dict(visitors.statuses)}; "
        f"writes {dict(editor.statuses)}; acknowledged {len(editor.acknowledged)}"
    )
    assert set(visitors.statuses) <= {200, 503}
    assert set(editor.statuses) <= {200, 302, 503}
    assert lost == set()
    # and the test did what it says: backends were terminated while pages were read and saved
    assert (terminated > 0, visitors.statuses[200] > 0, len(editor.acknowledged) > 0) == (
        True,
        True,
        True,
    )


def test_fault_tolerance_database_gone_gives_503_with_retry_after(app_port, catalog):
    with maintenance_connection() as (maintenance, name):
        assert fetch(app_port, "/en/films/")[0] == 200  # the app holds a connection now
        maintenance.execute(allow_connections(name, False))
        try:
            terminate(maintenance, name)
            english = fetch(app_port, "/en/films/")
            chinese = fetch(app_port, "/zh-hans/people/")
            ready = fetch(app_port, "/readyz")
            alive = fetch(app_port, "/healthz")
        finally:
            maintenance.execute(allow_connections(name, True))
    connection.close()  # the test's own connection was terminated too

    assert [(status, headers.get("Retry-After")) for status, headers, _ in (english, chinese)] == [
        (503, "30"),
        (503, "30"),
    ]
    assert "The catalog is briefly unavailable" in english[2]
    assert "名录暂时无法访问" in chinese[2]
    assert "Traceback" not in english[2] + chinese[2]
    assert (ready[0], alive[0]) == (503, 200)
