"""A membership cannot begin before its alliance was founded.

The rule spans two tables, so no CHECK constraint can hold it: these triggers refuse an insert
or update of a membership, and a change of an alliance's founding date, that would break it.
Membership.clean() states the same rule with a readable message.
"""

from django.db import migrations

RULE = "membership_joined_on_not_before_alliance_founding"

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER membership_founding_on_insert BEFORE INSERT ON alliance_membership
    FOR EACH ROW WHEN NEW.joined_on < (SELECT founded_on FROM alliance_alliance WHERE id = NEW.alliance_id)
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
    f"""
    CREATE TRIGGER membership_founding_on_update BEFORE UPDATE OF joined_on, alliance_id ON alliance_membership
    FOR EACH ROW WHEN NEW.joined_on < (SELECT founded_on FROM alliance_alliance WHERE id = NEW.alliance_id)
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
    f"""
    CREATE TRIGGER alliance_founding_before_members BEFORE UPDATE OF founded_on ON alliance_alliance
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM alliance_membership WHERE alliance_id = NEW.id AND joined_on < NEW.founded_on
    )
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS membership_founding_on_insert",
    "DROP TRIGGER IF EXISTS membership_founding_on_update",
    "DROP TRIGGER IF EXISTS alliance_founding_before_members",
]

POSTGRES_CREATE = [
    f"""
    CREATE FUNCTION alliance_membership_founding_check() RETURNS trigger AS $$
    BEGIN
        IF NEW.joined_on < (SELECT founded_on FROM alliance_alliance WHERE id = NEW.alliance_id) THEN
            RAISE EXCEPTION '{RULE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER membership_founding_check BEFORE INSERT OR UPDATE OF joined_on, alliance_id
    ON alliance_membership FOR EACH ROW EXECUTE FUNCTION alliance_membership_founding_check()
    """,
    f"""
    CREATE FUNCTION alliance_founding_before_members_check() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM alliance_membership
                   WHERE alliance_id = NEW.id AND joined_on < NEW.founded_on) THEN
            RAISE EXCEPTION '{RULE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER alliance_founding_before_members BEFORE UPDATE OF founded_on
    ON alliance_alliance FOR EACH ROW EXECUTE FUNCTION alliance_founding_before_members_check()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS membership_founding_check ON alliance_membership",
    "DROP FUNCTION IF EXISTS alliance_membership_founding_check()",
    "DROP TRIGGER IF EXISTS alliance_founding_before_members ON alliance_alliance",
    "DROP FUNCTION IF EXISTS alliance_founding_before_members_check()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"No membership founding trigger is written for {vendor}.")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("alliance", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
