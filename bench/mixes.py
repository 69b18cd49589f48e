"""The two URL mixes (manage.py bench_mixes writes their files), replayed by mix.lua on the
server with the page cache, /healthz alternating with each as with the pages:

- crawler: every page at most once, so each request misses the page cache;
- visitor: popular records asked for often (a Zipf law), while the saver (bench/saver.py)
  saves a film or a person in the admin every two seconds and checks the pages showing it.

Round n of the crawler replays the n-th slice of its file, which must hold more paths than a
round can send: a slice is knobs.seconds x knobs.mix_max_rps paths (see knobs.py), and wrk
reports any slice it started over (the mix's `wraps`). Every round of the visitor replays the
first slice, and each of its paths is asked for once before the rounds (warm_up): the visitor
mix measures a site in its steady state, where what misses the page cache is what the saves
renewed and what the time bucket retired.
"""

import json
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import servers
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
    same_slice: bool = False  # every round replays the first slice

    def script(self, round_number):
        first = 0 if self.same_slice else (round_number - 1) * self.per_round
        return (LUA, self.file, first, self.per_round)

    def paths(self):
        """The distinct paths of the first slice, in file order."""
        lines = self.file.read_text().splitlines()[: self.per_round]
        return list(dict.fromkeys(line.strip() for line in lines))

    def during(self):
        return self.saver.running() if self.saver else nullcontext()


def replays(files, port):
    saver = Saver(port, files.summary["saves"], STAFF_USER, files.password)
    return {
        "crawler": Replay(files.directory / "crawler.txt", files.per_round),
        "visitor": Replay(files.directory / "visitor.txt", files.per_round, saver, True),
    }


def warm_up(replay, port, threads=4):
    """Ask for each path of the replay's first slice once (a few at a time); the paths that did
    not answer 200."""

    paths = replay.paths()
    with ThreadPoolExecutor(threads) as pool:
        statuses = list(pool.map(partial(servers.status_of, port), paths))
    return [path for path, code in zip(paths, statuses, strict=True) if code != 200]
