import pytest
from django.db import connection

from core.db.rules import restore_sqlite_triggers

TRIGGERS = {
    "membership_founding_on_insert",
    "membership_founding_on_update",
    "alliance_founding_before_members",
    "screening_no_overlap_on_insert",
    "screening_no_overlap_on_update",
}

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL keeps triggers through ALTER TABLE"
)


def sqlite_triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


@sqlite_only
@pytest.mark.django_db
def test_sqlite_triggers_exist_after_migrate():
    assert sqlite_triggers() == TRIGGERS


@sqlite_only
@pytest.mark.django_db
def test_sqlite_triggers_lost_by_a_table_rebuild_come_back_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER screening_no_overlap_on_insert")
        cursor.execute("DROP TRIGGER membership_founding_on_update")

    restore_sqlite_triggers(using="default")

    assert sqlite_triggers() == TRIGGERS
