"""No two screenings overlap in one venue.

A cancelled screening stays on the schedule (struck through) but frees its slot, so the rule
covers the screenings that are not cancelled. Times are half-open ranges [start, end): one
screening may begin the minute the previous one ends.

On PostgreSQL an exclusion constraint holds the rule (btree_gist lets `venue_id WITH =` sit in
the same GiST index as the time range). Django's ExclusionConstraint lives in
django.contrib.postgres and cannot be declared on a model that also runs on SQLite, so it is
created here; on SQLite triggers refuse the same rows. Screening.clean() states the rule with
a message naming the screening already there.

SQLite drops a table's triggers when Django rebuilds the table to alter it: a later migration
that alters screenings_screening re-creates them (tests/screenings/test_rules.py notices).
"""

from django.db import migrations

RULE = "screening_no_overlap_in_venue"

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""
    ALTER TABLE screenings_screening ADD CONSTRAINT {RULE}
    EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (state <> 'cancelled')
    """,
]
# The extension stays: other tables may use it.
POSTGRES_DROP = [f"ALTER TABLE screenings_screening DROP CONSTRAINT IF EXISTS {RULE}"]

# SQLite stores the times as UTC text; julianday() reads them whatever their precision.
SQLITE_OVERLAP = """
    NEW.state <> 'cancelled' AND EXISTS (
        SELECT 1 FROM screenings_screening AS other
        WHERE other.venue_id = NEW.venue_id AND other.state <> 'cancelled' AND other.id <> {new_id}
          AND julianday(other.starts_at) < julianday(NEW.ends_at)
          AND julianday(other.ends_at) > julianday(NEW.starts_at)
    )
"""
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER screening_no_overlap_on_insert BEFORE INSERT ON screenings_screening
    FOR EACH ROW WHEN {SQLITE_OVERLAP.format(new_id="-1")}
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
    f"""
    CREATE TRIGGER screening_no_overlap_on_update
    BEFORE UPDATE OF venue_id, starts_at, ends_at, state ON screenings_screening
    FOR EACH ROW WHEN {SQLITE_OVERLAP.format(new_id="NEW.id")}
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS screening_no_overlap_on_insert",
    "DROP TRIGGER IF EXISTS screening_no_overlap_on_update",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"No screening overlap rule is written for {vendor}.")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement)


def create_rule(apps, schema_editor):
    _run(schema_editor, 0)


def drop_rule(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("screenings", "0002_activity_sessions_and_screening_details")]

    operations = [migrations.RunPython(create_rule, drop_rule)]
