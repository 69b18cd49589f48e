"""bench/mix.lua under wrk, against a small HTTP server that notes every path it is asked for:
a round sends the paths of its slice in order, never one twice while the slice lasts, and says
how many it sent and whether it started the slice over."""

import http.server
import shutil
import threading

import pytest

from bench import wrk
from bench.mixes import LUA

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


class NotingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each answer waits for a delayed ACK (40 ms)

    def do_GET(self):
        self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *arguments):
        pass


@pytest.fixture
def server():
    noting = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotingHandler)
    noting.paths = []
    thread = threading.Thread(target=noting.serve_forever, daemon=True)
    thread.start()
    yield noting
    noting.shutdown()
    noting.server_close()


@pytest.fixture
def paths_file(tmp_path):
    file = tmp_path / "paths.txt"
    file.write_text("".join(f"/page/{number}\n" for number in range(200_000)))
    return file


def replay(server, paths_file, first, count):
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    return wrk.run(url, 1, 2, (LUA, paths_file, first, count))


def numbers(paths):
    return [int(path.rsplit("/", 1)[1]) for path in paths]


def test_mix_lua_sends_its_slice_in_order_without_repeating(server, paths_file):
    result = replay(server, paths_file, 1000, 150_000)

    asked = sorted(numbers(server.paths))
    assert len(asked) > 100
    assert len(set(asked)) == len(asked)
    # wrk calls request() once to check it before the run: the slice's first path may be unsent.
    assert asked[0] in (1000, 1001)
    assert asked == list(range(asked[0], asked[0] + len(asked)))
    assert (result.paths_wrapped, result.paths_sent >= len(asked)) == (0, True)


def test_mix_lua_starts_a_short_slice_over_and_says_so(server, paths_file):
    result = replay(server, paths_file, 10, 3)

    assert set(numbers(server.paths)) == {10, 11, 12}
    assert result.paths_wrapped > 0
