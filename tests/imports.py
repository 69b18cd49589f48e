"""Helpers of the import and export tests: files as staff write them, the two steps of an
admin import (preview, confirm), and a checksum of what is stored."""

import csv
import hashlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tablib import Dataset

CSV_FORMAT, XLSX_FORMAT = "0", "1"


def csv_bytes(rows, encoding="utf-8"):
    """A CSV file of `rows` (the first is the header row) in `encoding`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    dataset = Dataset(headers=rows[0])
    for row in rows[1:]:
        dataset.append(row)
    return dataset.export("xlsx")


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def preview(client, model, content, name="file.csv", file_format=None):
    """Upload a file to the import page: the preview (a dry run), nothing written."""
    if file_format is None:
        file_format = XLSX_FORMAT if name.endswith(".xlsx") else CSV_FORMAT
    upload = SimpleUploadedFile(name, content)
    return client.post(
        admin_url(model, "import"), {"import_file": upload, "format": file_format, "resource": "0"}
    )


def confirm(client, model, previewed):
    """Confirm a previewed import, as the button on the preview does."""
    form = previewed.context["confirm_form"]
    return client.post(admin_url(model, "process_import"), form.initial)


def import_file(client, model, content, name="file.csv"):
    previewed = preview(client, model, content, name)
    assert previewed.context.get("confirm_form") is not None, problems(previewed)
    return previewed, confirm(client, model, previewed)


def row_types(response):
    """What the preview says of each row: new, update, skip (unchanged)."""
    return [row.import_type for row in response.context["result"].valid_rows()]


def problems(response):
    """What the import page says of a file it cannot take: the messages of its result (the
    command line prints the same), or the errors of the upload form."""
    result = response.context.get("result")
    if result is None:
        return response.context["form"].errors
    return result.problems()


def checksum(*models):
    """A digest of every column of every row of `models`, to compare states."""
    digest = hashlib.sha256()
    for model in models:
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


def export_data(client, model, query="", file_format=CSV_FORMAT):
    """The file the export page sends, every column chosen."""
    from import_export.forms import SelectableFieldsExportForm

    model_admin_resources = client.get(admin_url(model, "export") + query).context["form"]
    fields = {
        name: "on"
        for name, field in model_admin_resources.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    assert issubclass(type(model_admin_resources), SelectableFieldsExportForm)
    response = client.post(
        admin_url(model, "export") + query, {"format": file_format, "resource": "0", **fields}
    )
    return response
