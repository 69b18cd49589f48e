"""bench/probe.py's cold measure empties the process's own store too, wherever the restructuring
under way puts it."""

import sys

from alliance import local_memory
from bench import probe


def test_local_memory_clearer_finds_the_store_where_it_is_today():
    assert probe.local_memory_clearer() == ("alliance.local_memory", local_memory.clear_all)


def test_local_memory_clearer_finds_a_moved_store_among_the_loaded_modules(monkeypatch):
    monkeypatch.setattr(probe, "LOCAL_MEMORY", "moved.away.local_memory")

    assert probe.local_memory_clearer() == ("alliance.local_memory", local_memory.clear_all)


def test_local_memory_clearer_without_a_store_clears_nothing(monkeypatch):
    monkeypatch.setattr(probe, "LOCAL_MEMORY", "moved.away.local_memory")
    monkeypatch.delitem(sys.modules, "alliance.local_memory")

    name, clear = probe.local_memory_clearer()

    assert (name, clear()) == (None, None)
