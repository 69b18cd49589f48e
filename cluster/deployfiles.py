"""The files of deploy/, filled in with the cluster's paths and ports, and read as systemd and
the EnvironmentFile would read them."""

import re
import shlex
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
PLACEHOLDER = re.compile(r"\$\{(CATALOG_[A-Z0-9_]+)\}")


def render(name, values):
    """deploy/<name> with every ${CATALOG_...} replaced (as envsubst does with that list of
    names); a placeholder without a value is an error, not an empty string."""
    text = (DEPLOY / name).read_text()
    missing = sorted(set(PLACEHOLDER.findall(text)) - set(values))
    if missing:
        raise KeyError(f"deploy/{name} needs values for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def unit_service(text, instance=""):
    """What the [Service] section of a unit says, %i replaced by the instance name:
    {"ExecStart": [...argv], "EnvironmentFile": path, "WorkingDirectory": path, ...}."""
    service, inside = {}, False
    for line in text.replace("%i", instance).splitlines():
        line = line.strip()
        if line.startswith("["):
            inside = line == "[Service]"
        elif inside and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            service[key] = value
    service["ExecStart"] = shlex.split(service["ExecStart"])
    return service


def environment_file(text):
    """The KEY=VALUE lines of an EnvironmentFile (without the commented ones)."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def documented_names(text):
    """Every variable an environment file names, set or commented out with its default."""
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))
