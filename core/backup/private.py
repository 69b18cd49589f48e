"""Files only their owner may read: a backup holds every account's password hash."""

import contextlib
import os

PRIVATE = 0o077


@contextlib.contextmanager
def private_files():
    """Folders made 0o700 and files 0o600 inside the block (pg_dump's too: it inherits it)."""
    previous = os.umask(PRIVATE)
    try:
        yield
    finally:
        os.umask(previous)
