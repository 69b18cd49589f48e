"""Helpers of the admin form tests: a record's change form posted back as a browser would."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def change_form_data(client, record):
    """What the record's change form posts when nothing is changed: its fields' values (files
    left out) and the management forms of its inlines, for a record without inline rows."""
    response = client.get(change_url(record))
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.widget.needs_multipart_form or value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(key): value for key, value in management.initial.items()}
        )
    return data


def post_with_file(client, record, field, content, name):
    data = {**change_form_data(client, record), field: SimpleUploadedFile(name, content)}
    return client.post(change_url(record), data)
