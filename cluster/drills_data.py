"""Drills on what a write leaves behind: seen on the other instance, read back at once from a
delayed replica, and kept by a backup that restores into empty storage."""

import hashlib
import html
import time
from collections import Counter
from pathlib import Path

from bench.saver import Browser, save
from cluster import catalog
from cluster.load import Load
from cluster.postgres import STATS_COMPLETE_SECONDS, activity, wait_until_replayed
from cluster.results import Result
from cluster.topology import DATABASE

ROUNDS = 2
UNPINNED_GETS = 60
REPLICA_DELAY = "3s"
# Cookies of a signed-in browser that wrote nothing: its session, not the pin to the primary.
SIGNED_IN_COOKIES = ("sessionid", "csrftoken")
PIN_COOKIE = "multidb_pin_writes"  # django-multidb-router's default name, kept by settings


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
    """ALTER SYSTEM and a reload, then wait until a new session sees the value: the reload is
    only signalled, and a save made before the replica rereads its settings would be applied
    at once."""
    statement = (
        "RESET recovery_min_apply_delay"
        if delay is None
        else (f"SET recovery_min_apply_delay = '{delay}'")
    )
    cluster.replica.execute(f"ALTER SYSTEM {statement}")
    cluster.replica.execute("SELECT pg_reload_conf()")
    expected = delay or "0"
    deadline = time.monotonic() + 10
    while cluster.replica.execute("SHOW recovery_min_apply_delay") != [(expected,)]:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the replica did not take recovery_min_apply_delay = {expected}")
        time.sleep(0.1)


def replica_title(cluster, pk):
    [(title,)] = cluster.replica.execute(
        f"SELECT title_en FROM filmweek_film WHERE id = {pk}", DATABASE
    )
    return title


def own_write_read_back(cluster):
    """2. With the replica applying WAL 3 s late, the client that saved gets the pin cookie and
    reads its value at once (on the primary), while a query on the replica still finds the old
    one. Another signed-in client, which wrote nothing, is counted too: whether it reads the old
    value depends on the router, which sends every read to the primary while the replica is
    behind the last write (that reads do go to the replica otherwise: drill 2b)."""
    [_, (pk, slug)] = catalog.films(cluster, 2)
    form, page = catalog.film_form(pk), catalog.film_page(slug)
    writer = catalog.staff_browser(cluster)
    other = catalog.staff_browser(cluster)
    other.cookies = {name: other.cookies[name] for name in SIGNED_IN_COOKIES}
    result = Result(f"2 read own write, replica {REPLICA_DELAY} late")
    counts = result.counts = {"saves": 0, "pin cookie set": 0, "own reads fresh": 0,
                              "replica behind": 0, "unpinned reader stale": 0}  # fmt: skip
    set_replica_delay(cluster, REPLICA_DELAY)
    try:
        for _ in range(ROUNDS):
            writer.cookies.pop(PIN_COOKIE, None)
            value = save(writer, form)
            counts["saves"] += 1
            counts["pin cookie set"] += PIN_COOKIE in writer.cookies
            counts["own reads fresh"] += shows(writer.get(page), value)
            counts["replica behind"] += replica_title(cluster, pk) != value
            counts["unpinned reader stale"] += not shows(other.get(page), value)
    finally:
        set_replica_delay(cluster, None)
        wait_until_replayed(cluster.primary, cluster.replica)
    result.checks = {
        "pinned by its cookie": counts["pin cookie set"] == counts["saves"],
        "own reads fresh": counts["own reads fresh"] == counts["saves"],
        "replica was behind": counts["replica behind"] == counts["saves"],
    }
    return result


def unpinned_reads_on_replica(cluster):
    """2b. With no write pending (the replica has replayed everything), anonymous GETs through
    nginx that bypass the page cache and carry no pin cookie: the replica's counts of the
    catalog database (pg_stat_database) rise by at least one transaction and one row per GET,
    the primary's by fewer transactions than GETs (its only other client, the task worker,
    polls about once a second)."""
    paths = catalog.pages(cluster)
    reader = Load(cluster.ports.nginx, paths)
    wait_until_replayed(cluster.primary, cluster.replica)
    time.sleep(STATS_COMPLETE_SECONDS)  # the counts of earlier requests all reported
    servers = {"replica": cluster.replica, "primary": cluster.primary}
    before = {name: activity(server, DATABASE) for name, server in servers.items()}
    statuses = Counter(reader.ask(paths[turn % len(paths)])[0] for turn in range(UNPINNED_GETS))
    rose = until_replica_counted(cluster, before["replica"], UNPINNED_GETS)
    primary_rose = risen(cluster.primary, before["primary"])
    result = Result("2b unpinned reads served by the replica")
    result.counts = {
        "GETs": UNPINNED_GETS,
        "answered 200": statuses[200],
        "replica transactions": rose[0],
        "replica rows": rose[1],
        "primary transactions": primary_rose[0],
        "primary rows": primary_rose[1],
    }
    result.checks = {
        "every GET answered": statuses[200] == UNPINNED_GETS,
        "replica counted every GET": min(rose) >= UNPINNED_GETS,
        "primary did not": primary_rose[0] < UNPINNED_GETS,
    }
    return result


def risen(server, before):
    """How much (transactions, rows) of the catalog database rose on `server` since `before`."""
    return [now - then for now, then in zip(activity(server, DATABASE), before, strict=True)]


def until_replica_counted(cluster, before, wanted):
    """How much the replica's (transactions, rows) rose since `before`: as soon as both reach
    `wanted`, else once every count is reported."""
    deadline = time.monotonic() + STATS_COMPLETE_SECONDS
    while True:
        rose = risen(cluster.replica, before)
        if min(rose) >= wanted or time.monotonic() > deadline:
            return rose
        time.sleep(0.5)


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
