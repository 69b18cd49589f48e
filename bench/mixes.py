"""The two URL mixes (manage.py bench_mixes writes their files), replayed by mix.lua on the
server with the page cache, /healthz alternating with each as with the pages:

- crawler: every page at most once, so each request misses the page cache;
- visitor: popular records asked for often (a Zipf law), while the saver (bench/saver.py)
  saves a film or a person in the admin every two seconds and checks the pages showing it.

Round n of a mix replays the n-th slice of its file. The crawler's must hold more paths than a
round can send: a slice is knobs.seconds x knobs.mix_max_rps paths (see knobs.py), and wrk
reports any slice it started over (the mix's `wraps`).
"""

import json
import secrets
import subprocess
import sys
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from bench.database import PROJECT
from bench.saver import Saver

LUA = Path(__file__).resolve().parent / "mix.lua"
STAFF_USER = "bench-saver"


@dataclass(frozen=True)
class Files:
    directory: Path
    per_round: int  # paths in each round's slice
    summary: dict  # mixes.json: shares, counts of each page type, the saver's plan
    password: str  # the saver's


def write(environment, knobs):
    """The mixes' files (kept with the server logs), and the saver's account."""
    per_round = knobs.seconds * knobs.mix_max_rps
    directory = knobs.logs / "mixes"
    password = secrets.token_urlsafe(16)
    subprocess.run(
        [
            sys.executable, "manage.py", "bench_mixes", f"--out={directory}",
            f"--lines={per_round * knobs.rounds}", f"--staff-user={STAFF_USER}",
        ],
        cwd=PROJECT,
        env={**environment, "BENCH_STAFF_PASSWORD": password},
        check=True,
    )  # fmt: skip
    summary = json.loads((directory / "mixes.json").read_text())
    return Files(directory, per_round, summary, password)


@dataclass
class Replay:
    """The page side of a mix's pair: mix.lua on its file, a slice a round; the saver at work
    while it runs, for the visitor."""

    file: Path
    per_round: int
    saver: Saver | None = None

    def script(self, round_number):
        return (LUA, self.file, (round_number - 1) * self.per_round, self.per_round)

    def during(self):
        return self.saver.running() if self.saver else nullcontext()


def replays(files, port):
    saver = Saver(port, files.summary["saves"], STAFF_USER, files.password)
    return {
        "crawler": Replay(files.directory / "crawler.txt", files.per_round),
        "visitor": Replay(files.directory / "visitor.txt", files.per_round, saver),
    }
