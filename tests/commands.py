"""Running manage.py in a subprocess, with a chosen environment: settings are read once, at
start-up, so a test of how the environment sets them starts a new process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, inherit=True, **env):
    """manage.py with `args`, in this environment less the database, secret and debug settings
    plus `env`; with inherit=False, in `env` alone (and PATH)."""
    if inherit:
        unset = ("DATABASE_URL", "DATABASE_REPLICA_URLS", "SECRET_KEY", "DEBUG")
        base = {k: v for k, v in os.environ.items() if k not in unset}
    else:
        base = {"PATH": os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
