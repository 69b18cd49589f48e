"""`pip install .` installs the packages pyproject.toml lists (setuptools finds none by itself
here, because templates/, static/ and locale/ are mapped into config/): a package added on disk
must be listed too, or the installed site lacks it. .ci/install-check installs for real."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ["core", "alliance", "filmweek", "screenings", "api", "config"]


def setuptools_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def packages_on_disk():
    return sorted(
        ".".join(init.parent.relative_to(ROOT).parts)
        for app in APPS
        for init in (ROOT / app).rglob("__init__.py")
    )


def test_pyproject_lists_every_package_on_disk():
    config = setuptools_config()
    code = [name for name in config["packages"] if name not in config["package-dir"]]

    assert sorted(code) == packages_on_disk()
