"""Imports flow one way (DESIGN.md, README "Layout"): between packages core <- alliance <-
filmweek <- screenings <- api <- config, and inside an app models <- services and queries <-
filters, forms and the other presentation helpers <- views <- urls, with admin on the side.
Every module is parsed, none imported."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "alliance", "filmweek", "screenings", "api", "config"]
# What each package may import of the others.
ALLOWED = {package: set(PACKAGES[: index + 1]) for index, package in enumerate(PACKAGES)}
APPS = ("alliance", "filmweek", "screenings", "api")

ADMIN = 2.5  # sees models, queries, services, forms; nothing but another admin imports it
LAYERS = {
    "apps": 0,
    "models": 0,
    "continents": 0,
    "programme_code": 0,
    "queries": 1,
    "programme": 1,
    "grid": 1,
    "grid_html": 1,  # the grid's markup, written by grid.py; imports only Django
    "services": 1,
    "coproduction_queries": 1,
    "charts": 1,
    "open_data_tables": 1,
    "open_data": 1,
    "open_data_archive": 1,
    "diffs": 1,
    "filters": 2,
    "forms": 2,
    "resources": 2,
    "calendars": 2,
    "slot_rows": 2,
    "templatetags": 2,
    "fields": 2,
    "pagination": 2,
    "serializers": 2,
    "generics": 2,
    "schema": 2,
    "admin": ADMIN,
    "admin_grid": ADMIN,
    "views": 3,
    "throttling": 3,
    "account_views": 3,
    "apply_views": 3,
    "coproductions": 3,
    "open_data_views": 3,
    "management": 3,  # commands: like a view, they call the layers below
    "urls": 4,
    "account_urls": 4,
}


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def imported_modules(path):
    """The dotted names `path` imports (`from a.b import c` counts as a.b.c and a.b)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def layer_of(module):
    """The layer of an app module; None for a package and outside the layered apps
    (migrations included)."""
    parts = module.split(".")
    if parts[0] not in APPS or len(parts) == 1 or {"migrations", "__init__"} & set(parts):
        return None
    name = parts[1]  # a package such as templatetags/ or views/ is one layer
    if name not in LAYERS:
        raise AssertionError(f"{module}: give it a layer in LAYERS of {__name__}")
    return LAYERS[name]


def known_module(name):
    """The longest prefix of a dotted import that is a module of ours, or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ROOT.joinpath(*parts[:end])
        if candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file():
            return ".".join(parts[:end])
    return None


def violations():
    found = []
    for module, path in modules():
        package, importer_layer = module.split(".")[0], layer_of(module)
        for name in set(imported_modules(path)):
            target = known_module(name)
            if target is None or target.split(".")[0] not in PACKAGES or target == module:
                continue
            if target.split(".")[0] not in ALLOWED[package]:
                found.append(f"{module} imports {target}: {package} may not import it")
                continue
            target_layer = layer_of(target)
            if importer_layer is None or target_layer is None:
                continue
            if target_layer == ADMIN and importer_layer != ADMIN:
                found.append(f"{module} imports {target}: only an admin imports an admin")
            elif target_layer > importer_layer:
                found.append(f"{module} imports {target}, a higher layer")
            elif target_layer == importer_layer == LAYERS["views"]:
                found.append(f"{module} imports {target}: views never import views")
    return sorted(set(found))


def test_imports_follow_the_layers():
    assert violations() == []


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        (
            "core/probe.py",
            "from alliance.models import Country\n",
            "core.probe imports alliance.models: core may not import it",
        ),
        (
            "alliance/apply_views.py",
            "import filmweek.models\n",
            "alliance.apply_views imports filmweek.models: alliance may not import it",
        ),
        (
            "filmweek/models.py",
            "from filmweek import views\n",
            "filmweek.models imports filmweek.views, a higher layer",
        ),
        (
            "filmweek/views.py",
            "from alliance.views import world_map\n",
            "filmweek.views imports alliance.views: views never import views",
        ),
        (
            "filmweek/queries.py",
            "from alliance.admin import InstitutionAdmin\n",
            "filmweek.queries imports alliance.admin: only an admin imports an admin",
        ),
    ],
)
def test_imports_against_the_layers_are_found(importer, source, expected, tmp_path, monkeypatch):
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for app in ("alliance", "filmweek"):
        for module in ("models", "queries", "views", "apply_views", "admin"):
            (tmp_path / app / f"{module}.py").write_text("")
    (tmp_path / importer).write_text(source)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    found = violations()

    assert found == [expected]
