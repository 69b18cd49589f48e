"""The back office's view of the background tasks: outgoing emails (failed ones retried by an
action) and import runs (the page an import started from the admin leads to, which shows its
progress, then its counts and problems). Both are records of what happened: nobody edits
them. Registered by config/admin.py."""

from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin

from core.imports.runs import rows_checked
from core.mail import RETRIABLE, email_retry
from core.models import ImportState

ERROR_SHOWN = 80


class RecordAdmin(ModelAdmin):
    """Every field read-only, nothing added or saved; the change permission only allows the
    list's actions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


@admin.action(description=_("Send the selected emails again now"), permissions=["change"])
def retry_emails(modeladmin, request, queryset):
    retried = sum(email_retry(email=email) for email in queryset.filter(state__in=RETRIABLE))
    modeladmin.message_user(
        request,
        ngettext("%(count)d email queued again.", "%(count)d emails queued again.", retried)
        % {"count": retried},
        messages.SUCCESS if retried else messages.WARNING,
    )


class OutgoingEmailAdmin(RecordAdmin):
    list_display = ("created_at", "recipients", "subject", "state", "attempts", "next_attempt_at")
    list_filter = ("state",)
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    actions = [retry_emails]
    fields = (
        "recipients",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "created_at",
        "updated_at",
        "from_email",
        "text",
    )

    @admin.display(description=_("to"))
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.display(description=_("text"))
    def text(self, email):
        if email.builder:
            return _("Holds a one-time link: its text is built when it is sent, and not kept.")
        if email.secret:
            return _("Contains a one-time link: not shown.")
        return email.body

    def get_list_display(self, request):
        return [*self.list_display, "short_error"]

    @admin.display(description=_("last error"))
    def short_error(self, email):
        return truncatechars(email.last_error, ERROR_SHOWN)


class ImportRunAdmin(RecordAdmin):
    change_form_template = "admin/core/importrun/change_form.html"
    list_display = (
        "created_at",
        "list_name",
        "file_name",
        "user",
        "state",
        "new",
        "updated",
        "skipped",
        "errors",
    )
    list_filter = ("state", "model_label")
    list_select_related = ("user",)
    search_fields = ["file_name"]
    fields = (
        "list_name",
        "file_name",
        "user",
        "state",
        "progress",
        "rows",
        "new",
        "updated",
        "skipped",
        "errors",
        "problem_list",
        "created_at",
        "started_at",
        "finished_at",
    )

    def has_change_permission(self, request, obj=None):
        return False  # no action either

    def has_view_permission(self, request, obj=None):
        """Whoever started an import may follow it, without seeing the others."""
        own = obj is not None and obj.user_id == request.user.pk
        return own or super().has_view_permission(request, obj)

    @admin.display(description=_("list"))
    def list_name(self, run):
        return run.list_name

    @admin.display(description=_("progress"))
    def progress(self, run):
        if run.finished:
            return _("finished")
        done = rows_checked(run)
        if done is None and run.state == ImportState.QUEUED:
            return _("waiting for a worker")
        if done is None:
            return _("reading the file")
        return _("%(done)d rows checked") % {"done": done}

    @admin.display(description=_("problems"))
    def problem_list(self, run):
        if not run.problems:
            return "–"
        return format_html(
            '<ul class="import-run-problems">{}</ul>',
            format_html_join("", "<li>{}</li>", ((problem,) for problem in run.problems)),
        )
