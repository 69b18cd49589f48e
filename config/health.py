"""Liveness and readiness probes for load balancers and the benchmark."""

import json

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse


def healthz(request):
    """Liveness: the process answers. No database, session or template is touched."""
    return HttpResponse(b"ok", content_type="text/plain")


def _database_is_up():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not ready"
        return False


def _cache_is_up():
    try:
        cache.set("readyz-probe", "1", timeout=5)
        return cache.get("readyz-probe") == "1"
    except Exception:  # any client error means "not ready"
        return False


def readyz(request):
    """Readiness: the database and the cache answer; 503 naming what is down otherwise."""
    checks = {"database": _database_is_up(), "cache": _cache_is_up()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok"} if not down else {"status": "unavailable", "down": down}
    return HttpResponse(
        json.dumps(body), status=503 if down else 200, content_type="application/json"
    )
