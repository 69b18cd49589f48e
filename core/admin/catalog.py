"""Admin building blocks shared by the admins of every app: the base admin of catalog records
(history with restore, safe concurrent edits, changelists that stay fast on large tables),
publish/unpublish actions, inlines without empty rows, thumbnails, a filter for records whose
Chinese text is still missing, and small form tweaks. Imported by the admin of every app."""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from core.admin.counts import ESTIMATE_FROM_ROWS, estimated_rows
from core.forms.versioning import VERSION_FIELD, in_field_order, versioned_form
from core.models import EditConflict, Status, Versioned

# Django 6 changes a typed address without a scheme from http:// to https://: take https now.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
THUMBNAIL_HEIGHT = 48


class EstimatedCountPaginator(Paginator):
    """The changelist's paginator: an unfiltered list of a very large table is not counted
    row by row (COUNT(*) reads the whole table); a filtered one, narrowed by indexed
    filters, is."""

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where and not query.distinct:
            estimate = estimated_rows(queryset.model, queryset.db)
            if estimate >= ESTIMATE_FROM_ROWS:
                return estimate
        return super().count


def thumbnail(image, description=""):
    """A small <img> of an uploaded image for a changelist row; a dash without one."""
    if not image:
        return "–"
    return format_html(
        '<img src="{}" alt="{}" height="{}" class="admin-thumbnail" loading="lazy">',
        image.url,
        description,
        THUMBNAIL_HEIGHT,
    )


class FieldOrderContextHelper(HistoricalRecordContextHelper):
    """The changes of a history entry in the order of the model's fields."""

    def context_for_delta_changes(self, delta):
        ordered = dataclasses.replace(delta, changes=in_field_order(self.model, delta.changes))
        return super().context_for_delta_changes(ordered)


class CatalogAdmin(SimpleHistoryAdmin, ModelAdmin):
    """The base admin of catalog records, in the back office's theme (django-unfold):

    - history: who changed which field from what to what, and when; any version restored from
      its history page (the restore is recorded too; it needs the permission to change);
    - safe concurrent edits: the change form carries the version it was opened with, and a
      save over a newer version is refused with what changed meanwhile;
    - changelists without a full COUNT(*) of the table on every page.
    """

    formfield_overrides = HTTPS_URL_FIELDS
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if issubclass(model, Versioned):
            self.form = versioned_form(self.form)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._checks_version(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]

    def _checks_version(self, request, obj):
        return (
            obj is not None
            and isinstance(obj, Versioned)
            and self.has_change_permission(request, obj)
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            return self.refuse_conflict(request, conflict)

    def refuse_conflict(self, request, conflict):
        """A save that lost the race after its form was checked: nothing was written."""
        self.message_user(
            request,
            _(
                "Someone else saved this %(model)s at the same moment; your changes were not "
                "saved. Here is the current version: make your changes again."
            )
            % {"model": self.opts.verbose_name},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.path)

    def get_historical_record_context_helper(self, request, historical_record):
        return FieldOrderContextHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        # Asked before looking the record up, so that no one learns which records exist.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a past version changes the record: it needs the permission to change
        (simple-history asks only for the one to view), runs in one transaction and records
        which version it restored."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict as conflict:
            return self.refuse_conflict(request, conflict)

    def save_model(self, request, obj, form, change):
        record = getattr(obj, "_history", None)
        if record is not None:
            obj._change_reason = _("Restored the version of %(when)s") % {
                "when": formats.date_format(
                    timezone.localtime(record.history_date), "DATETIME_FORMAT"
                )
            }
        super().save_model(request, obj, form, change)


def _set_status(modeladmin, request, queryset, status, done_message):
    """Save each record that changes, so that the change is in its history and the admin log,
    and raises its version (an edit opened before it is then refused rather than undoing
    it); then say how many changed with `done_message` (its %(count)d and %(items)s)."""
    changed = 0
    label = str(capfirst(queryset.model._meta.get_field("status").verbose_name))
    with transaction.atomic(using=router.db_for_write(queryset.model)):
        for record in queryset.exclude(status=status):
            record.status = status
            record._history_user = request.user
            record.save(update_fields=["status", "updated_at"])
            modeladmin.log_change(request, record, [{"changed": {"fields": [label]}}])
            changed += 1
    modeladmin.message_user(
        request,
        done_message % {"count": changed, "items": model_ngettext(modeladmin.opts, changed)},
        messages.SUCCESS,
    )


@admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
def publish_selected(modeladmin, request, queryset):
    _set_status(
        modeladmin, request, queryset, Status.PUBLISHED, _("Published %(count)d %(items)s.")
    )


@admin.action(description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["change"])
def unpublish_selected(modeladmin, request, queryset):
    _set_status(
        modeladmin,
        request,
        queryset,
        Status.DRAFT,
        _("Unpublished %(count)d %(items)s: they are drafts again."),
    )


class PublishableAdmin(CatalogAdmin):
    """A CatalogAdmin for a `Publishable` model: publish/unpublish actions and the record dates.

    Subclasses still list `status` in their own `list_display` and `list_filter`."""

    actions = [publish_selected, unpublish_selected]
    readonly_fields = ("created_at", "updated_at")
    record_fieldset = (
        _("Record"),
        {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
    )


class InlineOnly:
    """For the admin of a join table (film x country, film week x film...): kept registered,
    for the links and autocompletes that reach its records, but left out of the index and
    the sidebar; staff edit its rows as an inline of their owner."""

    def has_module_permission(self, request):
        return False


class CatalogInline(TabularInline):
    """A table of related records on a record's page: the rows there are, without empty ones
    below them (staff add a row with "Add another")."""

    extra = 0


class CatalogStackedInline(StackedInline):
    """A CatalogInline that shows each related record as a block, for longer texts."""

    extra = 0


def related(prefix, fields):
    """["film__title_en", ...] from ("film", ["title_en", ...]): search through a relation."""
    return [f"{prefix}__{field}" for field in fields]


def chinese_text_filter(field):
    """A list filter "Chinese text: missing / present" on the column `field` (e.g. "name_zh"),
    so staff can find the records that still need a translation."""

    class ChineseTextListFilter(admin.SimpleListFilter):
        title = _("Chinese text")
        parameter_name = "zh"

        def lookups(self, request, model_admin):
            return [("missing", _("Missing")), ("present", _("Present"))]

        def queryset(self, request, queryset):
            if self.value() == "missing":
                return queryset.filter(**{field: ""})
            if self.value() == "present":
                return queryset.exclude(**{field: ""})
            return queryset

    return ChineseTextListFilter
