"""Read replicas: a request reads on a replica that is up, not lagging and has replayed the last
cached write; writes, the rest of a request after a write, a client that wrote (for
REPLICA_PIN_SECONDS), the admin, transactions and anything outside a request read on the primary.

The replicas are test mirrors of the test database (Django's TEST MIRROR): `replica1` the same
database, `replica2` a server that is not there. The tests commit (transaction=True), so that
the replica's connection sees the primary's rows."""

import copy
import time

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.cache import versions
from core.db import replicas
from core.db.faults import DatabaseFaultMiddleware, unavailable
from core.db.replica_router import ReplicaPinningMiddleware
from core.models import Status
from filmweek.models import Film
from tests.factories import make_country, make_film, make_staff

REPLICA = "replica1"
DOWN = "replica2"
FILMS = "/en/films/"
PIN_COOKIE = "multidb_pin_writes"
POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not POSTGRESQL, reason="WAL positions are PostgreSQL's")

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA, DOWN])


@pytest.fixture(scope="module", autouse=True)
def _replica_aliases(django_db_setup, django_db_blocker):
    """Added as DATABASE_REPLICA_URLS adds them, once the test database exists."""
    primary = connections["default"].settings_dict
    mirror = copy.deepcopy(primary)
    mirror["TEST"]["MIRROR"] = "default"
    down = copy.deepcopy(mirror)
    if POSTGRESQL:
        down.update(PORT="1", OPTIONS={**down["OPTIONS"], "connect_timeout": 2})
    else:
        down["NAME"] = "/nonexistent-folder/replica.sqlite3"
    connections.settings[REPLICA], connections.settings[DOWN] = mirror, down
    yield
    for alias in (REPLICA, DOWN):
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture
def replicas_as(settings):
    """Configures these replica aliases as settings do for DATABASE_REPLICA_URLS."""

    def configure(aliases):
        settings.REPLICA_DATABASES = aliases
        settings.DATABASE_ROUTERS = ["core.db.replica_router.ReplicaRouter"]
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("core.db.faults.DatabaseFaultMiddleware") + 1,
            "core.db.replica_router.ReplicaPinningMiddleware",
        )
        settings.MIDDLEWARE = middleware
        settings.REPLICA_MAX_LAG, settings.REPLICA_PIN_SECONDS = 10, 15
        replicas.forget_health()

    yield configure
    replicas.forget_health()


@pytest.fixture
def replica_on(replicas_as):
    replicas_as([REPLICA])


def film_reads(alias):
    """A context gathering the queries that `alias` ran."""
    return CaptureQueriesContext(connections[alias])


def read_films(queries):
    return [query["sql"] for query in queries if 'FROM "filmweek_film"' in query["sql"]]


def probes(queries):
    sqls = (replicas.PROBE_POSTGRESQL, replicas.PROBE_OTHER)
    return [query for query in queries if query["sql"] in sqls]


def wal_position():
    with connections["default"].cursor() as cursor:
        cursor.execute(replicas.WRITTEN_POSITION)
        return int(cursor.fetchone()[0])


def answered(view, request):
    """`view` behind the fault and replica middleware, as settings order them."""
    return DatabaseFaultMiddleware(ReplicaPinningMiddleware(view))(request)


def list_films(request):
    return HttpResponse(",".join(Film.objects.values_list("title_original", flat=True)))


def read_after_the_tokens():
    """The database of a request's read that follows its reading the version tokens."""
    token = replicas.begin_request()
    try:
        versions.tokens([versions.WRITES_KEY])
        return router.db_for_read(Film)
    finally:
        replicas.end_request(token)


def add_country_then_list_films(request):
    make_country(code="FR")
    return list_films(request)


# Routing -------------------------------------------------------------------------------------


def test_replica_reads_of_a_page_go_to_the_replica(replica_on, client):
    make_film(title_original="Still Life", status=Status.PUBLISHED)

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        response = client.get(FILMS)

    assert response.status_code == 200
    assert "Still Life" in response.content.decode()
    assert read_films(on_replica.captured_queries)
    assert read_films(on_primary.captured_queries) == []
    assert PIN_COOKIE not in response.cookies


@pytest.mark.usefixtures("page_cache_on")
def test_replica_cached_page_made_on_the_replica_is_renewed_by_a_save(replica_on, client):
    film = make_film(title_original="Still Life", status=Status.PUBLISHED)
    with film_reads(REPLICA) as on_replica:
        client.get(FILMS)
    made_on_replica = read_films(on_replica.captured_queries)  # the next request clears the log
    with film_reads(REPLICA) as from_cache:
        client.get(FILMS)
    served_from_cache = from_cache.captured_queries == []

    film.title_original = "Still Water"
    film.save()
    response = client.get(FILMS)

    assert made_on_replica
    assert served_from_cache
    assert "Still Water" in response.content.decode()


def test_replica_reads_count_among_what_a_cached_value_depends_on(replica_on):
    token = replicas.begin_request()
    try:
        with versions.collecting() as read:
            alias = Film.objects.all().db
            list(Film.objects.all())
    finally:
        replicas.end_request(token)

    assert alias == REPLICA
    assert versions.table_key(Film) in read.tables


def test_replica_write_in_a_get_pins_the_rest_of_the_request_and_the_client(replica_on):
    request = RequestFactory().get(FILMS)

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        response = answered(add_country_then_list_films, request)

    assert read_films(on_primary.captured_queries)
    assert read_films(on_replica.captured_queries) == []
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    assert response.cookies[PIN_COOKIE]["httponly"] is True


def test_replica_post_pins_the_client_even_without_a_write(replica_on):
    response = answered(list_films, RequestFactory().post(FILMS))

    assert response.cookies[PIN_COOKIE]["max-age"] == 15


def test_replica_client_with_the_pin_cookie_reads_on_the_primary(replica_on, client):
    make_film(title_original="Still Life", status=Status.PUBLISHED)
    client.cookies[PIN_COOKIE] = "y"

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        response = client.get(FILMS)

    assert "Still Life" in response.content.decode()
    assert read_films(on_primary.captured_queries)
    assert on_replica.captured_queries == []


def test_replica_admin_reads_on_the_primary(replica_on, client):
    client.force_login(make_staff(is_superuser=True))

    with film_reads(REPLICA) as on_replica:
        response = client.get("/admin/filmweek/film/")

    assert response.status_code == 200
    assert on_replica.captured_queries == []


def test_replica_reads_outside_a_request_or_in_a_transaction_go_to_the_primary(replica_on):
    outside = router.db_for_read(Film)
    token = replicas.begin_request()
    try:
        in_request = router.db_for_read(Film)
        with transaction.atomic():
            in_transaction = router.db_for_read(Film)
    finally:
        replicas.end_request(token)

    assert (outside, in_request, in_transaction) == ("default", REPLICA, "default")


def test_replica_migrations_only_on_the_primary(replica_on):
    assert router.allow_migrate("default", "filmweek") is True
    assert router.allow_migrate(REPLICA, "filmweek") is False


# Health --------------------------------------------------------------------------------------


def test_replica_down_is_skipped_without_an_error(replicas_as, client):
    replicas_as([DOWN, REPLICA])
    make_film(title_original="Still Life", status=Status.PUBLISHED)

    # Each request starts from the next replica: one of the two tries the one that is down.
    first = client.get(FILMS)
    second = client.get(FILMS)

    assert first.status_code == second.status_code == 200
    assert "Still Life" in first.content.decode() and "Still Life" in second.content.decode()
    assert replicas.health_of(DOWN).down_until > time.monotonic()
    assert replicas.health_of(REPLICA).serving is True


def test_replica_down_is_not_tried_again_for_a_few_seconds(replicas_as, client, monkeypatch):
    replicas_as([DOWN])
    monkeypatch.setattr(replicas, "DOWN_SECONDS", 60)  # however slow this machine
    client.get(FILMS)
    marked_down_until = replicas.health_of(DOWN).down_until

    client.get(FILMS)

    assert replicas.health_of(DOWN).down_until == marked_down_until


def test_replica_lagging_past_the_limit_is_skipped(replica_on, client, monkeypatch):
    lagging = "SELECT 30.0, NULL"
    monkeypatch.setattr(replicas, "PROBE_POSTGRESQL", lagging)
    monkeypatch.setattr(replicas, "PROBE_OTHER", lagging)

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        client.get(FILMS)

    assert read_films(on_replica.captured_queries) == []
    assert read_films(on_primary.captured_queries)
    assert replicas.health_of(REPLICA).lag == 30


def test_replica_lagging_within_the_limit_serves(replica_on, client, monkeypatch):
    monkeypatch.setattr(replicas, "PROBE_POSTGRESQL", "SELECT 3.0, NULL")
    monkeypatch.setattr(replicas, "PROBE_OTHER", "SELECT 3.0, NULL")

    with film_reads(REPLICA) as on_replica:
        client.get(FILMS)

    assert read_films(on_replica.captured_queries)


def test_replica_probed_once_a_second_not_on_every_request(replica_on, client, monkeypatch):
    """The cost per request: in the steady state no query beyond the page's own."""
    monkeypatch.setattr(replicas, "CHECK_EVERY_SECONDS", 60)  # however slow this machine
    client.get(FILMS)

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        client.get(FILMS)

    assert probes(on_replica.captured_queries) == []
    assert on_primary.captured_queries == []


def test_replica_failing_in_a_request_is_skipped_by_the_retry(replica_on):
    answers = []

    def fails_once_on_the_replica(request):
        Film.objects.count()
        answers.append(request)
        if len(answers) == 1:  # as DatabaseFaultMiddleware.process_exception answers a fault
            return unavailable(request, OperationalError("server closed the connection"))
        return list_films(request)

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        response = answered(fails_once_on_the_replica, RequestFactory().get(FILMS))

    assert response.status_code == 200
    assert len(answers) == 2
    assert len(read_films(on_replica.captured_queries)) == 1  # the first try only
    assert read_films(on_primary.captured_queries)
    assert replicas.health_of(REPLICA).down_until > time.monotonic()


def test_replica_failing_while_another_thread_probes_it_is_skipped(replica_on):
    health = replicas.health_of(REPLICA)
    health.serves(0, time.monotonic())  # probed a moment ago: serving
    health.probing.acquire()  # another thread is in the middle of a probe
    try:
        health.mark_down()  # a query on it failed

        chosen = replicas._choose(0)
    finally:
        health.probing.release()

    assert chosen == "default"


def test_replica_down_counted_from_the_end_of_the_failed_probe(replicas_as, monkeypatch):
    replicas_as([DOWN])
    monkeypatch.setattr(replicas, "DOWN_SECONDS", 60)
    long_ago = time.monotonic() - 3600

    replicas.health_of(DOWN).serves(0, long_ago)

    assert replicas.health_of(DOWN).down_until > time.monotonic() + 59


# The written position (no stale value in the shared cache) ------------------------------------


@postgresql_only
def test_replica_behind_the_written_position_is_skipped(replica_on, client):
    cache.set(replicas.position_key(), wal_position() + 10**12, timeout=None)

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        client.get(FILMS)

    assert read_films(on_replica.captured_queries) == []
    assert read_films(on_primary.captured_queries)


@postgresql_only
def test_replica_that_replayed_the_written_position_serves(replica_on, client):
    cache.set(replicas.position_key(), wal_position(), timeout=None)

    with film_reads(REPLICA) as on_replica:
        client.get(FILMS)

    assert read_films(on_replica.captured_queries)


@postgresql_only
def test_replica_written_position_recorded_once_a_save_commits(replica_on):
    before = wal_position()

    with film_reads("default") as on_primary, transaction.atomic():
        make_film()
        make_film()
        assert cache.get(replicas.position_key()) is None  # not before the commit

    assert cache.get(replicas.position_key()) >= before
    recorded = [q for q in on_primary.captured_queries if q["sql"] == replicas.WRITTEN_POSITION]
    assert len(recorded) == 1  # once per transaction


@postgresql_only
def test_replica_written_position_never_lowered(replica_on):
    cache.set(replicas.position_key(), 10**15, timeout=None)

    make_film()

    assert cache.get(replicas.position_key()) == 10**15


@postgresql_only
def test_replica_written_position_raised_in_redis_by_one_script(replica_on, settings):
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": "replica-test",
    }
    settings.CACHES = {"default": redis_cache}
    try:
        cache.set(replicas.position_key(), 5, timeout=None)
    except Exception:  # no Redis server here
        pytest.skip("no Redis server at 127.0.0.1:6379")

    replicas.record_written_position()
    raised = cache.get(replicas.position_key())
    replicas._raise_position(6)

    assert raised > 5
    assert cache.get(replicas.position_key()) == raised
    cache.delete(replicas.position_key())


@postgresql_only
def test_replica_tokens_read_mid_request_move_later_reads_to_the_primary(replica_on):
    token = replicas.begin_request()
    try:
        first = router.db_for_read(Film)
        cache.set(replicas.position_key(), wal_position() + 10**12, timeout=None)
        versions.tokens([versions.WRITES_KEY])
        later = router.db_for_read(Film)
    finally:
        replicas.end_request(token)

    assert (first, later) == (REPLICA, "default")


def test_replica_position_read_with_the_tokens_costs_no_round_trip(replica_on, monkeypatch):
    reads_alone = []
    monkeypatch.setattr(replicas, "_written_position", lambda: reads_alone.append(1) or 0)
    alias = read_after_the_tokens()

    assert alias == REPLICA
    assert reads_alone == []


@postgresql_only
def test_replica_written_position_recorded_before_a_renewal_outside_a_transaction(replica_on):
    """As make_thumbnails renews after QuerySet.update(), in autocommit."""
    before = wal_position()
    Film.objects.filter(pk=make_film().pk).update(title_original="Renamed")
    cache.delete(replicas.position_key())

    versions.renew_after_write([versions.WRITES_KEY])

    assert cache.get(replicas.position_key()) >= before


@postgresql_only
def test_replica_written_position_recorded_without_replicas_when_the_cache_is_shared(
    replicas_as, settings, tmp_path
):
    """A db_worker or a command configured without replicas, beside web processes with them."""
    replicas_as([])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    before = wal_position()

    make_film()

    assert cache.get(replicas.position_key()) >= before


def test_replica_written_position_not_recorded_without_replicas_in_a_local_cache(replicas_as):
    replicas_as([])

    with film_reads("default") as on_primary:
        make_film()

    recorded = [q for q in on_primary.captured_queries if q["sql"] == replicas.WRITTEN_POSITION]
    assert recorded == []
    assert cache.get(replicas.position_key()) is None


@postgresql_only
def test_replica_position_key_names_the_primary_cluster(replica_on):
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT system_identifier FROM pg_control_system()")
        identifier = cursor.fetchone()[0]

    assert replicas.position_key() == f"{replicas.POSITION_KEY}:{identifier}"


@postgresql_only
def test_replica_position_of_another_cluster_is_ignored(replica_on, client):
    cache.set(f"{replicas.POSITION_KEY}:1", wal_position() + 10**12, timeout=None)

    with film_reads(REPLICA) as on_replica:
        client.get(FILMS)

    assert read_films(on_replica.captured_queries)


@postgresql_only
def test_replica_position_key_unknown_sends_reads_to_the_primary(replica_on, monkeypatch):
    monkeypatch.setattr(replicas, "position_key", lambda: None)
    alias = read_after_the_tokens()

    assert alias == "default"


def test_replica_not_answering_a_probe_for_a_second_is_skipped(replica_on):
    health = replicas.health_of(REPLICA)
    health.serves(0, time.monotonic())  # probed: serving
    health.probing.acquire()  # another thread's probe is waiting for an answer...
    try:
        health.checked_at = time.monotonic() - replicas.CHECK_EVERY_SECONDS  # ...for a second

        chosen = replicas._choose(0)
    finally:
        health.probing.release()

    assert chosen == "default"


def test_replica_raw_sql_reads_of_a_request_go_to_the_replica(replica_on, client):
    make_film(title_original="Still Life", status=Status.PUBLISHED)
    union = "COUNT(*) OVER ()"  # the search's own SQL, from config.search.first_found

    with film_reads(REPLICA) as on_replica, film_reads("default") as on_primary:
        response = client.get("/en/search/", {"q": "Still"})

    assert response.status_code == 200
    assert [q for q in on_replica.captured_queries if union in q["sql"]]
    assert [q for q in on_primary.captured_queries if union in q["sql"]] == []
