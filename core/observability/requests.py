"""The request id, and one log line per request when LOG_REQUESTS is on."""

import logging
import re
import time
import uuid

from django.conf import settings

from core.observability.context import RequestContext, current, printable

HEADER = "X-Request-ID"
# What an id set by a proxy or a client may look like; anything else is replaced by a new one.
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

logger = logging.getLogger(__name__)


def request_id_from(incoming):
    """The incoming X-Request-ID if it is short and plain, else a new random one."""
    if incoming and SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Sets the request id (request.request_id, the X-Request-ID response header) and the
    context of the log lines written while the request is served. First in MIDDLEWARE, so that
    pages served from the page cache or as static files carry the id and are counted too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(HEADER))
        token = current.set(RequestContext(request.request_id, printable(request.path), request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            if settings.LOG_REQUESTS:
                logger.info(
                    "%s %s %s %.1fms",
                    request.method,
                    printable(request.path),
                    response.status_code,
                    (time.perf_counter() - started) * 1000,
                )
            return response
        finally:
            current.reset(token)
