"""Import and export in the admin (django-import-export), the same for every catalog file:
CSV or XLSX, files from Chinese Excel (GBK/GB18030) as well as UTF-8, a size limit, a preview
of every row before anything is written, all or nothing, and a template to fill in. What the
preview says of a bad file is what `manage.py import_catalog` says (Result.problems). The
confirmed import runs as a task, recorded as an ImportRun (core.imports.runs)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from tablib import Dataset
from unfold.contrib.import_export.forms import ImportForm, SelectableFieldsExportForm

from core.imports.files import decode_text, read_csv, read_xlsx
from core.imports.problems import ImportProblem, UnreadableFile
from core.imports.runs import import_run_start
from core.models import ImportState

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Checking a row takes 5-20 ms, so 5,000 rows keep a request within a couple of minutes;
# longer files go through `manage.py import_catalog`, which shows its progress.
MAX_IMPORT_ROWS = 5000
FORMATS = {"csv": CSV, "xlsx": XLSX}
PREVIEW_GONE = _(
    "The previewed file is no longer there (or the form was altered): upload the file again."
)


class CatalogCSV(CSV):
    """A CSV file read as core.imports.files reads it (row numbers of the sheet, clear
    messages)."""

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream if isinstance(in_stream, str) else decode_text(in_stream))


class CatalogXLSX(XLSX):
    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)


class CatalogImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s MB; files up to %(limit)s MB are imported. Split it "
                    "into several files."
                )
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": MAX_IMPORT_BYTES // 1024 // 1024,
                },
                code="too_large",
            )
        return upload


class CatalogImportExportMixin(ImportMixin, ExportActionMixin):
    """Import and export for a ModelAdmin whose `resource_classes` holds one CatalogResource.
    Import needs the permissions to add and to change; export, the permission to view."""

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "admin/catalog_import.html"
    import_form_class = CatalogImportForm
    export_form_class = SelectableFieldsExportForm
    formats = [CSV, XLSX]
    import_formats = [CatalogCSV, CatalogXLSX]
    export_formats = [CSV, XLSX]
    # Excel opens a CSV file as UTF-8 (and Chinese correctly) only with a byte-order mark.
    to_encoding = "utf-8-sig"
    # Exports start from a list (filtered, or the selected rows), not from one record's page.
    show_change_form_export = False

    def _has(self, request, action):
        opts = self.opts
        codename = get_permission_codename(action, opts)
        return request.user.has_perm(f"{opts.app_label}.{codename}")

    def has_import_permission(self, request):
        return self._has(request, "add") and self._has(request, "change")

    def has_export_permission(self, request):
        return self._has(request, "view") or self._has(request, "change")

    def write_to_tmp_storage(self, import_file, input_format):
        data = b"".join(import_file.chunks())
        if not input_format.is_binary():
            # Stored as UTF-8, which the later steps read.
            data = decode_text(data).encode("utf-8")
        tmp_storage = self.get_tmp_storage_class()(
            encoding=None if input_format.is_binary() else "utf-8-sig",
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        tmp_storage.save(data)
        return tmp_storage

    def import_action(self, request, **kwargs):
        try:
            return super().import_action(request, **kwargs)
        except UnreadableFile as error:
            form = self.create_import_form(request)
            form.add_error("import_file", str(error))
            return self.import_page(request, form=form)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportProblem):
            form.add_error("import_file", str(e))
            return
        form.add_error(
            "import_file",
            _(
                "The file could not be read: check that the format chosen is the file's, or "
                "save it again from Excel as XLSX or CSV UTF-8."
            ),
        )

    def import_page(self, request, **context):
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("Import"),
            "opts": self.opts,
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def get_import_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]
        return {
            "column_help": [
                (name, resource.column_help.get(name, "")) for name in resource.column_names()
            ],
            "required_columns": resource.required_columns,
            "template_formats": list(FORMATS),
            "max_import_mb": MAX_IMPORT_BYTES // 1024 // 1024,
            "max_import_rows": MAX_IMPORT_ROWS,
        }

    def get_import_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "max_rows": MAX_IMPORT_ROWS,
        }

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirmation: the previewed file is imported by a task (core.imports.runs) and
        the user sent to the run's page, which shows its progress and then its result."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return self.import_page(request, confirm_form=confirm_form, errors=confirm_form.errors)
        try:
            input_format, tmp_storage = self.previewed_file(confirm_form.cleaned_data)
            data = tmp_storage.read()
        except (ValueError, IndexError, OSError):  # an altered form, or a preview too old
            form = self.create_import_form(request)
            form.add_error(None, PREVIEW_GONE)
            return self.import_page(request, form=form)
        run = import_run_start(
            resource_class=self.choose_import_resource_class(confirm_form, request),
            data=data.encode("utf-8") if isinstance(data, str) else data,
            file_format=input_format.get_extension(),
            file_name=confirm_form.cleaned_data.get("original_file_name") or "",
            user=request.user,
        )
        tmp_storage.remove()  # only now: a failure above leaves the preview to confirm again
        self.tell_run_state(request, run)
        return HttpResponseRedirect(reverse("admin:core_importrun_change", args=[run.pk]))

    def previewed_file(self, confirmed):
        """The format and the storage of the file the preview stored."""
        input_format = self.get_import_formats()[int(confirmed["format"])](
            encoding=self.from_encoding
        )
        tmp_storage = self.get_tmp_storage_class()(
            name=confirmed["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        return input_format, tmp_storage

    def tell_run_state(self, request, run):
        if run.state == ImportState.DONE:
            self.message_user(
                request,
                _(
                    "Import finished: %(new)d new, %(updated)d updated, %(unchanged)d unchanged "
                    "%(items)s."
                )
                % {
                    "new": run.new,
                    "updated": run.updated,
                    "unchanged": run.skipped,
                    "items": self.opts.verbose_name_plural,
                },
            )
        elif run.state == ImportState.FAILED:
            self.message_user(
                request, _("Nothing was written: the problems are listed below."), messages.ERROR
            )
        else:
            self.message_user(
                request,
                _("The import has been queued: this page shows its progress and its result."),
            )

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/template.<str:file_format>",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, file_format):
        """An empty file with the columns of this import, to fill in."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        format_class = FORMATS.get(file_format)
        if format_class is None:
            raise Http404
        resource = self.get_import_resource_classes(request)[0]
        dataset = Dataset(headers=resource.column_names())
        content = format_class().export_data(dataset)
        if isinstance(content, str):
            content = content.encode(self.to_encoding)
        response = HttpResponse(content, content_type=format_class().get_content_type())
        name = f"{self.opts.model_name}-import-template.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
