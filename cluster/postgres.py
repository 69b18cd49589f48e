"""A PostgreSQL server of the cluster (Debian's binaries), run in a folder of the temporary
directory on a port of its own: the primary from initdb, the replica from pg_basebackup -R."""

import os
import pwd
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import psycopg

# PostgreSQL refuses to run as root: as root, its commands run as the system's postgres user.
RUN_AS = "postgres" if os.geteuid() == 0 else None

SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{folder}'
wal_level = replica
max_wal_senders = 5
hot_standby = on
shared_buffers = 32MB
max_connections = 100
"""
# Replication and every database for local clients, without a password: a throwaway cluster.
HBA = """
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
"""


def binaries():
    """The newest Debian PostgreSQL's bin folder."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("no /usr/lib/postgresql/*/bin/pg_ctl: apt-get install postgresql")
    return found[-1].parent


def _run(*command):
    finished = subprocess.run(
        [str(part) for part in command], user=RUN_AS, capture_output=True, text=True
    )
    if finished.returncode:
        raise RuntimeError(f"{Path(command[0]).name} failed:\n{finished.stdout}{finished.stderr}")
    return finished.stdout


def _give_to_postgres(path):
    if RUN_AS:
        account = pwd.getpwnam(RUN_AS)
        os.chown(path, account.pw_uid, account.pw_gid)


class Server:
    def __init__(self, name, folder, port):
        self.name, self.port = name, port
        self.folder = Path(folder) / name
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _prepare_folder(self):
        self.folder.mkdir()
        _give_to_postgres(self.folder)

    def _configure(self):
        settings = SETTINGS.format(port=self.port, folder=self.folder)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        (self.data / "pg_hba.conf").write_text(HBA)

    def init_primary(self):
        self._prepare_folder()
        _run(binaries() / "initdb", "-D", self.data, "-U", "postgres", "-E", "UTF8",
             "--locale=C.UTF-8", "--auth=trust", "--no-sync")  # fmt: skip
        self._configure()

    def init_replica_of(self, primary):
        """A streaming replica of `primary` (which must run): -R writes standby.signal and
        primary_conninfo."""
        self._prepare_folder()
        _run(binaries() / "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U",
             "postgres", "-D", self.data, "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        self._configure()

    def start(self):
        """Started, once more after a failed first try (seen once in CI). pg_ctl saying "stopped
        waiting" soon after the start means the server exited: its reason is in the server's
        log, printed at each failure (a first failure followed by a good start would hide it)."""
        for attempt in (1, 2):
            logged = self.log.stat().st_size if self.log.exists() else 0
            try:
                _run(binaries() / "pg_ctl", "start", "-w", "-t", "60", "-D", self.data, "-l",
                     self.log)  # fmt: skip
                return
            except RuntimeError as error:
                failure = f"{error}\n{self.name}'s server log:\n{self.log_since(logged)}"
                if attempt == 2:
                    raise RuntimeError(failure) from None
                print(f"PostgreSQL {self.name} did not start; trying again. {failure}", flush=True)
                time.sleep(3)

    def stop(self, mode="fast"):
        _run(binaries() / "pg_ctl", "stop", "-w", "-m", mode, "-D", self.data)

    def stop_quietly(self):
        """At the end, or after a failure: stopped if it runs, whatever state it is in."""
        if (self.data / "postmaster.pid").exists():
            with suppress(RuntimeError):
                self.stop("immediate")

    def connect(self, database="postgres"):
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5)

    def execute(self, sql, database="postgres"):
        with self.connect(database) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def log_since(self, offset, characters=3000):
        """What the server logged after byte `offset` (its last `characters`)."""
        if not self.log.exists():
            return ""
        with self.log.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")[-characters:]


def wait_until_replayed(primary, replica, database="postgres", timeout=30):
    """Until the replica has replayed everything the primary had written when called."""
    [(target,)] = primary.execute("SELECT pg_current_wal_lsn()", database)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        [(behind,)] = replica.execute(
            f"SELECT pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn()) > 0", database
        )
        if not behind:
            return
        time.sleep(0.1)
    raise RuntimeError(f"the replica did not replay the primary's WAL within {timeout} s")


# PostgreSQL 15+ backends report their counts when idle, at most once a second; counts held back
# then are reported when the backend next goes idle a second later, or 10 s later at most
# (PGSTAT_IDLE_INTERVAL). Past this long without a query, a database's counts are complete.
STATS_COMPLETE_SECONDS = 11


def activity(server, database):
    """(transactions committed, rows returned) of `database` on `server` so far, as
    pg_stat_database counts them (asked from another database, so the question is not counted)."""
    [(committed, returned)] = server.execute(
        f"SELECT xact_commit, tup_returned FROM pg_stat_database WHERE datname = '{database}'"
    )
    return committed, returned
