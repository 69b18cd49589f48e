"""Request ids and the request context of log lines (core.observability): what stderr shows
of a request, a failing one included."""

import io
import logging
import re

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import path, re_path

from core.observability.logs import RequestContextFilter
from core.observability.requests import request_id_from
from tests.factories import make_user

GENERATED = re.compile(r"[0-9a-f]{32}")
view_logger = logging.getLogger("tests.core.test_request_log")


def speaking_view(request):
    view_logger.warning("the view speaks")
    return HttpResponse("ok")


def failing_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [re_path(r"^speak/", speaking_view), path("fail/", failing_view)]


@pytest.fixture
def stderr_log():
    """What the configured stderr handler (settings.LOGGING) writes, as a string buffer."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RequestContextFilter) for f in handler.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_request_id_sane_incoming_one_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2_x"})

    assert response["X-Request-ID"] == "lb-7f3a.2_x"


def test_request_id_missing_is_generated(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert (bool(GENERATED.fullmatch(first)), bool(GENERATED.fullmatch(second))) == (True, True)
    assert first != second


@pytest.mark.parametrize(
    "incoming", ["x" * 65, "has space", "semi;colon", "<script>", "ünïcode", "a\tb", ""]
)
def test_request_id_insane_incoming_one_is_replaced(incoming):
    assert GENERATED.fullmatch(request_id_from(incoming))


def test_request_id_insane_header_is_replaced_in_the_response(client):
    response = client.get("/healthz", headers={"X-Request-ID": "x" * 200})

    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.urls(__name__)
def test_log_lines_of_a_signed_in_request_carry_its_id_user_and_path(db, client, stderr_log):
    user = make_user()
    client.force_login(user)

    client.get("/speak/", headers={"X-Request-ID": "req-1"})

    assert (
        stderr_log.getvalue()
        .splitlines()[-1]
        .endswith(
            f"WARNING tests.core.test_request_log [request=req-1 user={user.pk} path=/speak/] "
            "the view speaks"
        )
    )


@pytest.mark.urls(__name__)
def test_log_lines_of_a_visitor_carry_a_dash_for_the_user(db, client, stderr_log):
    client.get("/speak/", headers={"X-Request-ID": "req-2"})

    assert (
        stderr_log.getvalue()
        .splitlines()[-1]
        .endswith("[request=req-2 user=- path=/speak/] the view speaks")
    )


def test_log_lines_outside_a_request_carry_dashes(stderr_log):
    view_logger.warning("no request here")

    assert (
        stderr_log.getvalue().splitlines()[-1].endswith("[request=- user=- path=-] no request here")
    )


@pytest.mark.urls(__name__)
def test_log_lines_escape_control_characters_of_the_path(db, client, stderr_log):
    client.get("/speak/%0Aforged", headers={"X-Request-ID": "req-3"})

    assert "path=/speak/\\nforged]" in stderr_log.getvalue()


def test_log_requests_on_gives_one_info_line_per_request(client, settings, caplog):
    settings.LOG_REQUESTS = True
    caplog.set_level(logging.INFO, logger="core.observability.requests")

    client.get("/healthz", headers={"X-Request-ID": "one"})
    client.get("/nowhere", headers={"X-Request-ID": "two"})

    lines = [
        (r.levelname, re.sub(r"\d+\.\dms$", "<ms>", r.getMessage()))
        for r in caplog.records
        if r.name == "core.observability.requests"
    ]
    assert lines == [("INFO", "GET /healthz 200 <ms>"), ("INFO", "GET /nowhere 404 <ms>")]


def test_log_requests_line_names_request_and_user_on_stderr(client, settings, stderr_log):
    settings.LOG_REQUESTS = True

    client.get("/healthz", headers={"X-Request-ID": "req-4"})

    line = stderr_log.getvalue().splitlines()[-1]
    assert re.search(
        r" INFO core\.observability\.requests \[request=req-4 user=- path=/healthz\] "
        r"GET /healthz 200 \d+\.\dms$",
        line,
    )


def test_log_requests_off_writes_no_request_line(client, settings, caplog):
    settings.LOG_REQUESTS = False
    caplog.set_level(logging.INFO, logger="core.observability.requests")

    client.get("/healthz")

    assert [r for r in caplog.records if r.name == "core.observability.requests"] == []


def test_log_requests_cover_pages_served_from_the_page_cache(db, client, settings, caplog):
    settings.PAGE_CACHE = True
    settings.LOG_REQUESTS = True
    cache.clear()
    caplog.set_level(logging.INFO, logger="core.observability.requests")

    client.get("/en/films/", headers={"X-Request-ID": "render"})
    cached = client.get("/en/films/", headers={"X-Request-ID": "cached"})

    requests = [r for r in caplog.records if r.name == "core.observability.requests"]
    assert [cached["X-Request-ID"], len(requests)] == ["cached", 2]
    assert requests[1].getMessage().startswith("GET /en/films/ 200 ")
    cache.clear()


@pytest.mark.urls(__name__)
def test_failing_view_logs_an_error_with_traceback_and_request_id(db, stderr_log, caplog):
    client = Client(raise_request_exception=False)

    response = client.get("/fail/", headers={"X-Request-ID": "req-500"})

    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [response.status_code, response["X-Request-ID"]] == [500, "req-500"]
    assert [(r.name, r.getMessage(), r.exc_info[0]) for r in errors] == [
        ("django.request", "Internal Server Error: /fail/", RuntimeError)
    ]
    written = stderr_log.getvalue()
    assert "ERROR django.request [request=req-500 user=- path=/fail/] Internal Server Error" in (
        written
    )
    assert "Traceback (most recent call last):" in written
    assert written.rstrip().endswith("RuntimeError: the view broke")
