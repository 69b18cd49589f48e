"""Django's PostgreSQL backend, with two savings on a page's round trips.

- A health check without a round trip. With CONN_HEALTH_CHECKS, Django checks a persistent
  connection at the start of every request that uses it by running `SELECT 1`. This backend
  looks at the connection's socket instead: between requests a healthy connection has nothing to
  read, while one the server has ended (a restart, a terminated backend) has its goodbye or the
  end of the stream waiting; the MySQL driver of Go's database/sql checks a connection the same
  way before it reuses it. A connection inside a transaction is checked Django's way.
- Cursors that prepare (prepared_cursor): a query sent again and again on a connection is
  planned once, after as many runs as the `prepare_threshold` of the database's OPTIONS (set in
  config/settings.py), instead of on every run. Django's own
  cursors bind parameters on the client and never prepare; only code that asks for this cursor
  uses it (core.db.keyset.run_plan, whose queries come with their values written in).
"""

import select

from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format, TransactionStatus

PREPARING = object()  # the cursor "name" that asks create_cursor for a preparing cursor


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # Django reads the SQL a client-binding cursor sent; a preparing cursor running a
        # statement already prepared leaves it unset, and its SQL, values written in, is `sql`.
        sent = super().last_executed_query(cursor, sql, params)
        return sql if sent is None and params is None else sent


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        poller = select.poll()  # not select(): it refuses descriptors past 1023
        try:
            poller.register(connection.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError):  # a socket already closed
            return False

    def prepared_cursor(self):
        """A Django cursor whose queries are prepared on this connection once run often."""
        # Django's _cursor: the health check, the connection and the wrapping of errors, as for
        # any cursor; create_cursor below makes the psycopg one.
        return self._cursor(PREPARING)

    def create_cursor(self, name=None):
        if name is not PREPARING:
            return super().create_cursor(name)
        cursor = base.ServerBindingCursor(self.connection)
        # As Django's create_cursor: the cursor's time zone, where the connection's differs.
        loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
        if self.timezone != loader.timezone:
            register_tzloader(self.timezone, cursor)
        return cursor
