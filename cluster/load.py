"""Load for the drills: threads that send requests through nginx until stopped, counting every
answer by status (0: no answer at all: a refused, reset or timed-out connection)."""

import http.client
import threading
import time
from collections import Counter
from contextlib import contextmanager

TIMEOUT_SECONDS = 30
# Signed-in and session-carrying requests bypass the page cache: these reach the database.
UNCACHED_COOKIE = "sessionid=drill-no-such-session"


class Load:
    def __init__(self, port, paths, threads=4, cookie=UNCACHED_COOKIE):
        self.port, self.paths, self.threads, self.cookie = port, paths, threads, cookie
        self.statuses = Counter()
        self.tracebacks = 0
        self.answers = []  # (monotonic time, status) of every request, in order of answer
        self.lock = threading.Lock()

    def ask(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request("GET", path, headers={"Cookie": self.cookie})
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            return 0, b""
        finally:
            connection.close()

    def work(self, offset, stop):
        turn = offset
        while not stop.is_set():
            status, body = self.ask(self.paths[turn % len(self.paths)])
            turn += 1
            with self.lock:
                self.statuses[status] += 1
                self.tracebacks += b"Traceback" in body
                self.answers.append((time.monotonic(), status))

    @contextmanager
    def running(self):
        stop = threading.Event()
        workers = [
            threading.Thread(target=self.work, args=(number, stop), daemon=True)
            for number in range(self.threads)
        ]
        for worker in workers:
            worker.start()
        try:
            yield self
        finally:
            stop.set()
            for worker in workers:
                worker.join()

    @property
    def requests(self):
        return sum(self.statuses.values())

    def failed(self):
        """Answers other than 200 (a 304 cannot happen: no request sends If-None-Match)."""
        return self.requests - self.statuses[200]

    def failures(self):
        """The count of each status but 200 ("no answer" for a failed connection)."""
        named = {0: "no answer"}
        return {
            named.get(status, str(status)): count
            for status, count in sorted(self.statuses.items())
            if status != 200
        }

    def answered_after(self, moment, status=200):
        return sum(1 for when, got in self.answers if when > moment and got == status)
