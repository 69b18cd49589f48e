"""The in-process store in front of the shared cache (alliance/local_memory.py)."""

from alliance import local_memory
from alliance.local_memory import RecentValues, clear_all


def test_recent_values_keep_only_the_latest():
    recent = RecentValues(size=2, seconds=60)

    recent.put_many({"a": 1, "b": 2})
    recent.put("c", 3)

    assert recent.get_many(["a", "b", "c"]) == {"b": 2, "c": 3}


def test_recent_values_stored_again_is_kept_longer():
    recent = RecentValues(size=2, seconds=60)
    recent.put_many({"a": 1, "b": 2})

    recent.put("a", 1)  # stored again: now the latest
    recent.put("c", 3)

    assert ["a" in recent, "b" in recent, "c" in recent] == [True, False, True]


def test_clear_all_empties_every_store():
    first, second = RecentValues(size=5, seconds=60), RecentValues(size=5, seconds=60)
    first.put("a", 1)
    second.put("b", 2)

    clear_all()

    assert (first.get("a"), second.get("b")) == (None, None)


def test_recent_values_drop_a_value_after_its_seconds(monkeypatch):
    recent = RecentValues(size=5, seconds=60)
    monkeypatch.setattr(local_memory, "_now", lambda: 1000.0)
    recent.put("a", 1)

    monkeypatch.setattr(local_memory, "_now", lambda: 1061.0)

    assert (recent.get("a"), recent.get_many(["a"]), "a" in recent) == (None, {}, False)
