"""Drills on what a write leaves behind: seen on the other instance, read back at once from a
delayed replica, and kept by a backup that restores into empty storage."""

import hashlib
import html
from pathlib import Path

from bench.saver import Browser, save
from cluster import catalog
from cluster.postgres import wait_until_replayed
from cluster.results import Result
from cluster.topology import DATABASE

ROUNDS = 2
REPLICA_DELAY = "3s"
# Cookies of a signed-in browser that wrote nothing: its session, not the pin to the primary.
SIGNED_IN_COOKIES = ("sessionid", "csrftoken")


def shows(page, value):
    return page.status == 200 and value in html.unescape(page.body)


def save_seen_on_other_instance(cluster):
    """1. A save posted straight to one instance, then the next request to the other one,
    anonymous (through the shared page cache) and signed in (the shared session)."""
    [(pk, slug)] = catalog.films(cluster, 1)
    form, page = catalog.film_form(pk), catalog.film_page(slug)
    first, second = cluster.ports.web
    staff = catalog.staff_browser(cluster, first)
    result = Result("1 save on A, seen on B")
    counts = result.counts = {"saves": 0, "anonymous seen": 0, "signed-in seen": 0}
    for writer, reader in [(first, second), (second, first)] * ROUNDS:
        staff.port = writer
        value = save(staff, form)
        counts["saves"] += 1
        counts["anonymous seen"] += shows(Browser(reader).get(page), value)
        staff.port = reader
        counts["signed-in seen"] += shows(staff.get(form["change"]), value)
    result.checks = {
        "every save seen anonymous": counts["anonymous seen"] == counts["saves"],
        "every save seen signed in": counts["signed-in seen"] == counts["saves"],
    }
    return result


def set_replica_delay(cluster, delay):
    statement = (
        "RESET recovery_min_apply_delay"
        if delay is None
        else (f"SET recovery_min_apply_delay = '{delay}'")
    )
    cluster.replica.execute(f"ALTER SYSTEM {statement}")
    cluster.replica.execute("SELECT pg_reload_conf()")


def replica_title(cluster, pk):
    [(title,)] = cluster.replica.execute(
        f"SELECT title_en FROM filmweek_film WHERE id = {pk}", DATABASE
    )
    return title


def own_write_read_back(cluster):
    """2. With the replica applying WAL 3 s late, the client that saved reads its value at once
    (pinned to the primary), while a query on the replica still finds the old one. Another
    signed-in client, which wrote nothing, is counted too: whether it reads the old value
    depends on the router, which may send every read to the primary while the replica is
    behind the last write."""
    [_, (pk, slug)] = catalog.films(cluster, 2)
    form, page = catalog.film_form(pk), catalog.film_page(slug)
    writer = catalog.staff_browser(cluster)
    other = catalog.staff_browser(cluster)
    other.cookies = {name: other.cookies[name] for name in SIGNED_IN_COOKIES}
    result = Result(f"2 read own write, replica {REPLICA_DELAY} late")
    counts = result.counts = {"saves": 0, "own reads fresh": 0, "replica behind": 0,
                              "unpinned reader stale": 0}  # fmt: skip
    set_replica_delay(cluster, REPLICA_DELAY)
    try:
        for _ in range(ROUNDS):
            value = save(writer, form)
            counts["saves"] += 1
            counts["own reads fresh"] += shows(writer.get(page), value)
            counts["replica behind"] += replica_title(cluster, pk) != value
            counts["unpinned reader stale"] += not shows(other.get(page), value)
    finally:
        set_replica_delay(cluster, None)
        wait_until_replayed(cluster.primary, cluster.replica)
    result.checks = {
        "own reads fresh": counts["own reads fresh"] == counts["saves"],
        "replica was behind": counts["replica behind"] == counts["saves"],
    }
    return result


def row_counts(cluster, database):
    tables = cluster.primary.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name",
        database,
    )
    return {
        table: cluster.primary.execute(f'SELECT count(*) FROM "{table}"', database)[0][0]
        for (table,) in tables
    }


def checksums(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


def backup_and_restore(cluster):
    """6. manage.py backup, then restore into a new database and an empty media folder."""
    backup, media = cluster.folder / "backup", cluster.folder / "media-restored"
    cluster.manage("backup", str(backup))
    cluster.primary.execute("CREATE DATABASE restored")
    media.mkdir()
    cluster.manage(
        "restore", str(backup),
        DATABASE_URL=cluster.primary.url("restored"), DATABASE_REPLICA_URLS="",
        MEDIA_ROOT=str(media),
    )  # fmt: skip
    before, after = row_counts(cluster, DATABASE), row_counts(cluster, "restored")
    files_before, files_after = checksums(cluster.folder / "media"), checksums(media)
    result = Result("6 backup and restore")
    result.counts = {
        "tables": len(before),
        "equal": sum(after.get(table) == rows for table, rows in before.items()),
        "rows": sum(before.values()),
        "rows restored": sum(after.values()),
        "media files": len(files_before),
        "same checksum": sum(files_after.get(name) == sum_ for name, sum_ in files_before.items()),
    }
    result.checks = {
        "row counts equal in every table": before == after,
        "media files equal": files_before == files_after and bool(files_before),
    }
    return result
