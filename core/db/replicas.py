"""Which database a request reads from when read replicas are configured (DATABASE_REPLICA_URLS):
one replica per request, healthy, at most REPLICA_MAX_LAG seconds behind, and never behind
what the shared cache has seen written.

No stale value in the shared cache: pages and values there are stored under version tokens that
a write renews once it has committed (core.cache.versions). Before that last renewal the writer
records the primary's WAL insert position (pg_current_wal_insert_lsn()) under position_key(),
only ever raising it, and whoever reads tokens gets that key in the same round trip
(note_position); the request's reads must then come from a replica that has replayed at least
that position, else from the primary. Every process that writes to a PostgreSQL primary records
it when it reads on replicas itself or shares its cache with others (any cache but Django's
local-memory one), whether or not it has replicas: a db_worker or a command may write for the
web processes' readers. A replica's replayed position only grows, so the one its last probe
returned is a lower bound: a request probes again only when that bound is behind (at most every
RECHECK_BEHIND_SECONDS), and in the steady state costs no query at all, a replica being probed
(lag and position in one query) at most once every CHECK_EVERY_SECONDS per process; a request
that queries before reading any token reads the position alone (one cache GET).

Known limits: a replica cut off from the primary has replayed all it received and so reports no
lag, and serves until the written position passes it; and a request that reads no token first
waits for the last write anywhere on the site, however unrelated to what it reads.
"""

import contextvars
import dataclasses
import itertools
import logging
import math
import threading
import time
from contextlib import nullcontext, suppress

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# Followed by the primary's system identifier (position_key()).
POSITION_KEY = "db:written-position"
SYSTEM_IDENTIFIER = "SELECT system_identifier FROM pg_control_system()"
CHECK_EVERY_SECONDS = 1.0
RECHECK_BEHIND_SECONDS = 0.1
DOWN_SECONDS = 5.0
# Lag in seconds and replayed WAL position in bytes. A "replica" that is not in recovery (a test
# mirror of the primary) is as current as the primary.
PROBE_POSTGRESQL = """
SELECT
  CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
    THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
  END,
  CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END
    - '0/0'::pg_lsn
"""
# A replica too busy to answer the probe at once is as good as down (only for the probe's
# transaction: the request's own reads may take longer).
PROBE_TIMEOUT = "SELECT set_config('statement_timeout', '1000', true)"
# Not replicated: the same file as the primary (tests on SQLite).
PROBE_OTHER = "SELECT 0, NULL"
WRITTEN_POSITION = "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn"
# Raises the stored position, never lowers it: two instances recording theirs at once must not
# leave the older one in place.
RAISE_POSITION_SCRIPT = """
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > stored then redis.call('SET', KEYS[1], ARGV[1]) end
return 0
"""

logger = logging.getLogger(__name__)


def replica_aliases():
    return getattr(settings, "REPLICA_DATABASES", ())


@dataclasses.dataclass
class Health:
    """What this process last learned of one replica."""

    alias: str
    serving: bool = False
    checked_at: float = -math.inf
    down_until: float = -math.inf
    lag: float = 0.0
    position: float = 0  # replayed WAL position; math.inf for a database that is not replicated
    probing: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def serves(self, required, now):
        if now < self.down_until:
            return False
        since = now - self.checked_at
        behind = self.position < required and since >= RECHECK_BEHIND_SECONDS
        # One thread probes; the others go by what the last probe found.
        if since >= CHECK_EVERY_SECONDS or behind:
            if self.probing.acquire(blocking=False):
                try:
                    self._probe(now)
                finally:
                    self.probing.release()
            elif since >= CHECK_EVERY_SECONDS:
                return False  # the probe running has waited a second or more for an answer
        return self.serving and self.lag <= settings.REPLICA_MAX_LAG and self.position >= required

    def _probe(self, now):
        self.checked_at = now
        connection = connections[self.alias]
        postgresql = connection.vendor == "postgresql"
        # A SELECT in a transaction that psycopg begins: nothing the fault middleware takes for
        # a write (core.db.faults), as SET LOCAL or SQLite's BEGIN would be.
        in_transaction = transaction.atomic(using=self.alias) if postgresql else nullcontext()
        try:
            with in_transaction, connection.cursor() as cursor:
                if postgresql:
                    cursor.execute(PROBE_TIMEOUT)
                cursor.execute(PROBE_POSTGRESQL if postgresql else PROBE_OTHER)
                lag, position = cursor.fetchone()
        # Any failure (refused, timed out, a driver error, an alias a test forbids) puts the
        # replica aside: a read must never fail for want of a replica.
        except Exception as error:
            logger.warning("Read replica %s is down for %ss: %s", self.alias, DOWN_SECONDS, error)
            self.mark_down()
            with suppress(Exception):
                connection.close()
            return
        self.serving = True
        self.lag = float(lag or 0)
        self.position = math.inf if position is None else int(position)

    def mark_down(self):
        """Skip it for DOWN_SECONDS from now (a probe or a query on it failed). Without the
        lock: a probe running meanwhile may set serving again, but not down_until."""
        self.serving = False
        self.down_until = time.monotonic() + DOWN_SECONDS


_health = {}
_health_lock = threading.Lock()
_rotation = itertools.count()


def health_of(alias):
    with _health_lock:
        return _health.setdefault(alias, Health(alias))


def forget_health():
    """Start over, as a new process would (tests)."""
    global _position_key
    with _health_lock:
        _health.clear()
        _position_key = None


_position_key = None


def position_key():
    """The key of the written position in the primary's cluster, named by its system identifier
    (its physical replicas share it), so that a new cluster does not inherit an old, higher
    position. Read once per process; None while the primary cannot tell it."""
    global _position_key
    if _position_key is None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            _position_key = POSITION_KEY
            return _position_key
        try:
            with connection.cursor() as cursor:
                cursor.execute(SYSTEM_IDENTIFIER)
                _position_key = f"{POSITION_KEY}:{cursor.fetchone()[0]}"
        except Exception:  # any database fault: asked again next time
            logger.exception("The primary's system identifier could not be read")
    return _position_key


@dataclasses.dataclass
class RequestReads:
    """Where the request being answered reads."""

    required: float | None = None  # the written position its reads must include; None: unread
    alias: str | None = None  # the replica chosen, once it read


_reads = contextvars.ContextVar("replica_reads", default=None)


def begin_request():
    return _reads.set(RequestReads())


def end_request(token):
    reads = _reads.get()
    _reads.reset(token)
    return reads


def note_position(position):
    """The request has seen tokens stored after the write at `position`: its reads from now on
    must include that write."""
    reads = _reads.get()
    if reads is None:
        return
    reads.required = max(reads.required or 0, position or 0)
    if reads.alias not in (None, DEFAULT_DB_ALIAS) and (
        health_of(reads.alias).position < reads.required
    ):
        reads.alias = None  # choose again


def pin_request():
    """The request wrote: the rest of it reads on the primary."""
    reads = _reads.get()
    if reads is not None:
        reads.alias = DEFAULT_DB_ALIAS


def take_position(found):
    """Note the position among the values read with position_keys(), and drop it from them."""
    if replica_aliases():
        key = position_key()
        # Without the key, reads must include any write: the primary's.
        note_position(found.pop(key, 0) if key else math.inf)


def position_keys():
    """The keys to read with the version tokens: none without replicas."""
    key = position_key() if replica_aliases() else None
    return [key] if key else []


def _written_position():
    try:
        key = position_key()
        return (cache.get(key) or 0) if key else math.inf
    except Exception:  # any cache client error: a cache that cannot be read stores nothing either
        logger.exception("The written position could not be read")
        return 0


def _choose(required):
    aliases = replica_aliases()
    start = next(_rotation) % len(aliases)
    now = time.monotonic()
    for alias in (*aliases[start:], *aliases[:start]):
        if health_of(alias).serves(required, now):
            return alias
    return DEFAULT_DB_ALIAS


def alias_for_read():
    """The database of a read: a replica while a request is answered, outside any transaction;
    the primary otherwise (commands, tasks and migrations read what they just wrote)."""
    reads = _reads.get()
    if reads is None or not replica_aliases() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if reads.alias is None:
        if reads.required is None:
            reads.required = _written_position()
        reads.alias = _choose(reads.required)
    return reads.alias


def record_written_position():
    """Raise the stored position (position_key()) to the primary's WAL position: run once a
    write has committed, before the version tokens are renewed."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute(WRITTEN_POSITION)
            position = int(cursor.fetchone()[0])
        _raise_position(position)
    except Exception:  # a database or cache fault: the write stands, the tokens are renewed
        logger.exception("Could not record the written WAL position")


_raise_lock = threading.Lock()


def _raise_position(position):
    key = position_key()
    if key is None:
        raise RuntimeError("the primary's system identifier is unknown")
    client = getattr(cache, "client", None)
    if hasattr(client, "get_client"):  # django-redis: atomic in Redis, across instances
        stored_key = client.make_key(key)
        client.get_client(write=True).eval(RAISE_POSITION_SCRIPT, 1, stored_key, position)
        return
    with _raise_lock:  # a cache of this process only
        if position > (cache.get(key) or 0):
            cache.set(key, position, timeout=None)


def records_positions():
    """Whether writes record their position: on PostgreSQL, when a reader may look for it, in
    this process (it has replicas) or in another (a cache shared between processes, whatever
    replicas this process has: a db_worker or a command configured without any still writes)."""
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return False
    return bool(replica_aliases()) or not isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def record_position_on_commit():
    """Have the written position recorded once the current transaction commits (once per
    transaction, before the callbacks registered after this one)."""
    if not records_positions():
        return
    connection = transaction.get_connection()
    if not any(entry[1] is record_written_position for entry in connection.run_on_commit):
        transaction.on_commit(record_written_position)
