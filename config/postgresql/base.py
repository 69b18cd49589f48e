"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django checks a persistent connection at the start of every request
that uses it, by running `SELECT 1`: a round trip to the server on every page. This backend
looks at the connection's socket instead: between requests a healthy connection has nothing to
read, while one the server has ended (a restart, a terminated backend) has its goodbye or the end
of the stream waiting. The same check as the MySQL driver of Go's database/sql makes before it
reuses a connection. A connection that cannot be told apart this way is checked Django's way.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # a socket already closed
            return False
        return not readable
