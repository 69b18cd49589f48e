"""A small store in this process's memory, in front of the shared cache, for values that never
change under their key: keys that carry the version tokens of what the value shows
(core.cache.versions). The tokens are read from the shared cache on every request, so a write
still shows at once in every process; only the value's transfer and unpickling are spared.

A value is also dropped after as many seconds as the shared cache keeps it: a write that renews
no token (a bulk_create, an update(), raw SQL) shows as late here as there, not never."""

import threading
import time
import weakref

_STORES = weakref.WeakSet()
_MISSING = (0.0, None)


def _now():
    return time.monotonic()


class RecentValues:
    """The `size` values stored last, by key, each for `seconds`; the one stored first is
    dropped first."""

    def __init__(self, size, seconds):
        self.size, self.seconds = size, seconds
        self.values = {}  # key: (monotonic deadline, value)
        self.lock = threading.Lock()
        _STORES.add(self)

    def __contains__(self, key):
        return self.get(key) is not None

    def get(self, key, default=None):
        deadline, value = self.values.get(key, _MISSING)  # no lock: a dict read is atomic
        return value if deadline > _now() else default

    def get_many(self, keys):
        now = _now()
        found = {}
        for key in keys:
            deadline, value = self.values.get(key, _MISSING)
            if deadline > now:
                found[key] = value
        return found

    def put(self, key, value):
        self.put_many({key: value})

    def put_many(self, mapping):
        deadline = _now() + self.seconds
        with self.lock:
            for key, value in mapping.items():
                self.values.pop(key, None)
                self.values[key] = (deadline, value)
            while len(self.values) > self.size:
                self.values.pop(next(iter(self.values)))

    def clear(self):
        with self.lock:
            self.values.clear()


def clear_all():
    """Empty every store of this process (tests start from an empty cache)."""
    for store in list(_STORES):
        store.clear()
