"""A lost database answered as "come back in a moment" (503), never as a server error.

A GET or HEAD whose database connection failed (a terminated backend, a restarted or failed-over
server, a cut network) before the request wrote anything is answered again, once, on a fresh
connection. What still fails, and any request that wrote or may have written (a POST is never
run twice), gets the 503 page in the visitor's language with Retry-After, logged at ERROR on
the "core.faults" logger.

DatabaseFaultMiddleware goes before every middleware that reads the database (after those of
the request id and the security headers, which read none), so that a retry runs them again. A
fault raised by the view (or while its template renders) becomes the 503 page in the
middleware's process_exception; one raised by another middleware (a session saved on the way
out) reaches Django's handler500, which the root URLconf points at `server_error` below. With
DEBUG on, Django shows its traceback page for the latter instead. What a request sent is seen
by an execute wrapper that CoreConfig puts on every connection (watch_writes).
"""

import contextvars
import logging
import sys
from contextlib import suppress

import psycopg
from django.db import DatabaseError, connections
from django.db import InterfaceError as DjangoInterfaceError
from django.db import OperationalError as DjangoOperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

RETRY_AFTER_SECONDS = 30
REPEATABLE_METHODS = ("GET", "HEAD")
FAULTS = (
    DjangoOperationalError,
    DjangoInterfaceError,
    psycopg.OperationalError,  # raised outside Django's cursor wrapper, unwrapped
    psycopg.InterfaceError,
)

logger = logging.getLogger("core.faults")


def is_database_fault(error):
    """True for the errors of a database that cannot be reached or dropped the connection
    (and its other operational failures: a statement timeout, a deadlock, a locked SQLite)."""
    return isinstance(error, FAULTS)


def _is_read(sql):
    return isinstance(sql, str) and sql.lstrip("( \t\n")[:6].upper() == "SELECT"


# The request being answered in this thread (or task), for _note_writes.
_answering = contextvars.ContextVar("answering", default=None)


def _note_writes(execute, sql, params, many, context):
    """An execute wrapper: marks the request being answered once it sends anything but a SELECT
    (a write, a savepoint), before it is sent, so a write that may have reached the database
    counts."""
    request = _answering.get()
    if request is not None and (many or not _is_read(sql)):
        request.database_written = True
    return execute(sql, params, many, context)


def watch_writes(connection, **kwargs):
    """connection_created receiver: puts _note_writes on the connection for good. Put around
    each request instead (connection.execute_wrapper), it cost 7 µs a request here, 2% of what
    /healthz costs; once per connection, it costs nothing until a query runs."""
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


def _language(request):
    """The visitor's language, as LocaleMiddleware finds it (which may not have run yet)."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def unavailable(request, fault):
    """The 503 page for a request that met `fault`. Rendered without a request context: the
    context processors could touch the database."""
    request.database_fault = fault
    language = _language(request)
    with translation.override(language):
        content = loader.render_to_string("503.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: the 503 page when the uncaught exception is a database fault (raised by a
    middleware rather than the view), Django's 500 page otherwise."""
    fault = sys.exception()
    if is_database_fault(fault):
        return unavailable(request, fault)
    return defaults.server_error(request)


def _in_transaction():
    return any(db.in_atomic_block for db in connections.all(initialized_only=True))


def _close_connections():
    for db in connections.all(initialized_only=True):
        # A broken connection may fail to close; Django drops it all the same.
        with suppress(DatabaseError):
            db.close()


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._answer(request)
        if request.database_fault is not None and self._repeatable(request):
            logger.warning(
                "%s %s met a database fault (%s); answering it again on a fresh connection",
                request.method,
                request.path,
                request.database_fault,
            )
            _close_connections()
            response = self._answer(request)
        if request.database_fault is not None:
            logger.error(
                "%s %s answered 503: the database failed",
                request.method,
                request.path,
                exc_info=request.database_fault,
            )
        return response

    def process_exception(self, request, exception):
        if is_database_fault(exception):
            return unavailable(request, exception)
        return None

    def _answer(self, request):
        request.database_fault = None
        request.database_written = False
        answering = _answering.set(request)
        try:
            return self.get_response(request)
        finally:
            _answering.reset(answering)

    @staticmethod
    def _repeatable(request):
        # Inside a transaction (ATOMIC_REQUESTS, or a test's) a fresh connection cannot go on.
        return (
            request.method in REPEATABLE_METHODS
            and not request.database_written
            and not _in_transaction()
        )
