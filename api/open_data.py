"""The open-data export: the tables of api.open_data_tables as CSV files and a Frictionless
Data Package descriptor (datapackage.json) in a folder, and that folder as a zip."""

import csv
import datetime
import json
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction
from django.utils import translation

from api.open_data_tables import TABLES, Derived

DESCRIPTOR = "datapackage.json"
CHUNK_ROWS = 2000  # rows fetched at a time: memory stays bounded whatever the catalog's size
PACKAGE_NAME = "film-alliance-catalog"


def _text(value):
    return "" if value is None else str(value)


def _boolean(value):
    return "" if value is None else ("true" if value else "false")


def _datetime(value):
    return "" if value is None else value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date(value):
    return "" if value is None else value.isoformat()


FORMATS = {"boolean": _boolean, "datetime": _datetime, "date": _date}


def _query(table):
    """(the rows' queryset of values, [(position in a row, Python computation, format)] of each
    column)."""
    lookups, annotations, plan = [], {}, []
    for column in table.columns:
        source, compute = column.source, None
        if isinstance(source, Derived):
            source, compute = source.lookup, source.compute
        if not isinstance(source, str):
            annotations[f"_{column.name}"] = source
            source = f"_{column.name}"
        if source not in lookups:
            lookups.append(source)
        plan.append((lookups.index(source), compute, FORMATS.get(column.type, _text)))
    queryset = (
        table.model._default_manager.filter(table.public)
        .annotate(**annotations)
        .order_by(*table.order)
        .values_list(*lookups)
    )
    return queryset, plan


def table_rows(table):
    """The table's rows as lists of CSV texts, read CHUNK_ROWS at a time."""
    queryset, plan = _query(table)
    for row in queryset.iterator(chunk_size=CHUNK_ROWS):
        yield [
            show(compute(row[index]) if compute else row[index]) for index, compute, show in plan
        ]


def write_table(table, folder):
    """Write <folder>/<name>.csv; the number of rows."""
    count = 0
    with open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([column.name for column in table.columns])
        for row in table_rows(table):
            writer.writerow(row)
            count += 1
    return count


def _field(column):
    field = {"name": column.name, "type": column.type}
    if column.required:
        field["constraints"] = {"required": True}
    return field


def resource(table):
    """The Data Resource descriptor of a table."""
    foreign_keys = [
        {
            "fields": [column.name],
            "reference": {"resource": column.reference[0], "fields": [column.reference[1]]},
        }
        for column in table.columns
        if column.reference
    ]
    schema = {"fields": [_field(column) for column in table.columns]}
    schema["primaryKey"] = list(table.primary_key)
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": str(table.title),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor(created):
    """The Data Package descriptor. No licence: the project states none for its data."""
    with translation.override("en"):
        return {
            "profile": "tabular-data-package",
            "name": PACKAGE_NAME,
            "title": "Film Alliance Catalog",
            "description": (
                "The published records of the film alliance catalog: alliances and their "
                "members, institutions, films, people, film weeks, screenings and tours. Text "
                "in English and Chinese is in column pairs <name>_en and <name>_zh; times are "
                "in UTC."
            ),
            "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "resources": [resource(table) for table in TABLES],
        }


@contextmanager
def _snapshot():
    """One consistent view of the catalog for every table on PostgreSQL (a link never names a
    row that a write in between removed). Not on SQLite, where a long read transaction would
    hold off the site's writes; nor inside a transaction already open (a test's)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def export_to_folder(folder, progress=None):
    """Write every table and datapackage.json into `folder` (made if missing); {table name:
    rows}. `progress(table name, rows)` is told of each table written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    created = datetime.datetime.now(datetime.UTC)
    with _snapshot():
        for table in TABLES:
            counts[table.name] = write_table(table, folder)
            if progress:
                progress(table.name, counts[table.name])
    text = json.dumps(descriptor(created), ensure_ascii=False, indent=2)
    (folder / DESCRIPTOR).write_text(text + "\n", encoding="utf-8")
    return counts


def exported_files():
    return [f"{table.name}.csv" for table in TABLES] + [DESCRIPTOR]


def zip_folder(folder, target):
    """The export's files of `folder` as the zip `target`, at its top level."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in exported_files():
            archive.write(Path(folder) / name, arcname=name)
