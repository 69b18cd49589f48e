"""Run wrk against one URL, or replay a file of paths through mix.lua, and read its report."""

import re
import subprocess
from dataclasses import dataclass

TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int = 0
    socket_errors: int = 0
    paths_sent: int = 0  # by mix.lua: requests made from its file
    paths_wrapped: int = 0  # times mix.lua started its slice over

    @property
    def errors(self):
        return self.non_2xx_3xx + self.socket_errors


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(number) * TIME_UNITS_MS[unit]


def _percentile(output, percent):
    match = re.search(rf"^\s*{percent}%\s+(\S+)\s*$", output, re.MULTILINE)
    if not match:
        raise ValueError(f"wrk output has no {percent}% latency (was --latency given?)")
    return _milliseconds(match.group(1))


def parse(output):
    """The figures of one `wrk --latency` report."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not rate:
        raise ValueError(f"wrk output has no Requests/sec line:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    mix = re.search(r"^Mix paths: (\d+) sent, (\d+) wraps", output, re.MULTILINE)
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=_percentile(output, 50),
        p99_ms=_percentile(output, 99),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        paths_sent=int(mix.group(1)) if mix else 0,
        paths_wrapped=int(mix.group(2)) if mix else 0,
    )


def run(url, seconds, connections, script=()):
    """One thread (mix.lua keeps one counter per thread); `script`: a Lua file and its
    arguments."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    if script:
        lua, *arguments = script
        command += ["-s", str(lua), url, "--", *[str(argument) for argument in arguments]]
    else:
        command.append(url)
    finished = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    return parse(finished.stdout)
