"""Progress lines, stamped with the seconds since the run started."""

import time

STARTED = time.monotonic()


def say(message):
    print(f"[{time.monotonic() - STARTED:4.0f} s] {message}", flush=True)
