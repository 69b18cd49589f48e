"""A small store in this process's memory, in front of the shared cache, for values that never
change under their key: keys that carry the version tokens of what the value shows
(alliance.cache_versions). The tokens are read from the shared cache on every request, so a write
still shows at once in every process; only the value's transfer and unpickling are spared."""

import threading
import weakref

_STORES = weakref.WeakSet()
_MISSING = object()


class RecentValues:
    """The `size` values stored or read last, by key; the oldest is dropped first."""

    def __init__(self, size):
        self.size = size
        self.values = {}
        self.lock = threading.Lock()
        _STORES.add(self)

    def __contains__(self, key):
        return key in self.values

    def get(self, key, default=None):
        return self.values.get(key, default)

    def get_many(self, keys):
        found = {}
        for key in keys:
            value = self.values.get(key, _MISSING)  # no lock: a dict read is atomic
            if value is not _MISSING:
                found[key] = value
        return found

    def put(self, key, value):
        self.put_many({key: value})

    def put_many(self, mapping):
        with self.lock:
            for key, value in mapping.items():
                self.values.pop(key, None)
                self.values[key] = value
            while len(self.values) > self.size:
                self.values.pop(next(iter(self.values)))

    def clear(self):
        with self.lock:
            self.values.clear()


def clear_all():
    """Empty every store of this process (tests start from an empty cache)."""
    for store in list(_STORES):
        store.clear()
