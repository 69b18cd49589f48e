"""The router and middleware of read replicas, installed by settings when DATABASE_REPLICA_URLS
names any.

They extend django-multidb-router's PinningReplicaRouter and PinningRouterMiddleware, keeping
their pinning (a request with the pinning cookie, or of an unsafe method, reads on the primary)
and changing what does not fit here:
- multidb picks a replica for each query, round robin, whatever its health, and outside requests
  too; here a request reads on one replica chosen by core.db.replicas (reachable, lagging less
  than REPLICA_MAX_LAG, having replayed the site's last cached write), and everything else reads
  on the primary: commands, tasks and migrations (a task must find the row its request just
  wrote), reads inside a transaction, and the admin, whose forms must start from current rows;
- a write pins the rest of its request at once (db_for_write), not only the next requests,
  and leaves the thread as it was outside requests;
- the cookie is set after any request that wrote, a GET too (a session saved), not only after
  unsafe methods; it lasts REPLICA_PIN_SECONDS and is Secure like the session cookie;
- a request that met a database fault on a replica puts that replica aside for DOWN_SECONDS, so
  the retry of DatabaseFaultMiddleware reads elsewhere.
"""

from functools import cached_property

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.urls import NoReverseMatch, reverse
from multidb import PinningReplicaRouter
from multidb.middleware import READ_ONLY_METHODS, PinningRouterMiddleware, pinning_cookie
from multidb.pinning import pin_this_thread, this_thread_is_pinned, unpin_this_thread

from core.db import replicas


class ReplicaRouter(PinningReplicaRouter):
    def db_for_read(self, model, **hints):
        if this_thread_is_pinned():
            return DEFAULT_DB_ALIAS
        return replicas.alias_for_read()

    def db_for_write(self, model, **hints):
        replicas.pin_request()
        return DEFAULT_DB_ALIAS


class ReplicaPinningMiddleware(PinningRouterMiddleware):
    """After DatabaseFaultMiddleware, which tells whether the request wrote or met a fault."""

    @cached_property
    def admin_prefix(self):
        try:
            return reverse("admin:index")
        except NoReverseMatch:  # a URLconf without the admin
            return None

    def __call__(self, request):
        self.process_request(request)  # pinned for the cookie or an unsafe method
        if self.admin_prefix and request.path_info.startswith(self.admin_prefix):
            pin_this_thread()
        token = replicas.begin_request()
        try:
            response = self.get_response(request)
        finally:
            reads = replicas.end_request(token)
        if getattr(request, "database_fault", None) is not None and reads.alias in (
            replicas.replica_aliases()
        ):
            replicas.health_of(reads.alias).mark_down()
        response = self.process_response(request, response)
        unpin_this_thread()
        return response

    def process_response(self, request, response):
        if (
            request.method not in READ_ONLY_METHODS
            or getattr(request, "database_written", False)
            or getattr(response, "_db_write", False)
        ):
            response.set_cookie(
                pinning_cookie(),
                "y",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
