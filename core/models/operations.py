"""What the background tasks did, for the staff to see: each email sent (or not) and each
import run from a file. Recorded by core.mail and core.imports.runs."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmailState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("waiting to be retried")
    FAILED = "failed", _("failed")


class OutgoingEmail(models.Model):
    """One email to send, with every attempt's outcome."""

    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    # An email holding a one-time link (password reset, invitation) is built when it is sent:
    # by this function (a dotted path), with these arguments, in this language.
    builder = models.CharField(_("built by"), max_length=200, blank=True)
    builder_arguments = models.JSONField(_("builder's arguments"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    # Recorded before one-time links were built when sent, its text holds the link: never
    # shown, erased once sent or given up.
    secret = models.BooleanField(_("holds a one-time link"), default=False)
    from_email = models.CharField(_("from"), max_length=255, blank=True)
    to = models.JSONField(_("to"), default=list)
    state = models.CharField(
        pgettext_lazy("background task", "state"),
        max_length=10,
        choices=EmailState.choices,
        default=EmailState.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "-created_at"], name="outgoing_email_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EmailState.values), name="outgoing_email_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=EmailState.SENT, sent_at__isnull=False)
                | (~Q(state=EmailState.SENT) & Q(sent_at__isnull=True)),
                name="outgoing_email_sent_at_when_sent",
            ),
            models.CheckConstraint(
                condition=Q(state=EmailState.RETRYING) | Q(next_attempt_at__isnull=True),
                name="outgoing_email_next_attempt_when_retrying",
            ),
        ]

    def __str__(self):
        return f"{', '.join(self.to)}: {self.subject}"

    def clean(self):
        sent = self.state == EmailState.SENT
        if sent and self.sent_at is None:
            raise ValidationError({"sent_at": _("A sent email needs the time it was sent.")})
        if not sent and self.sent_at is not None:
            raise ValidationError(
                {"sent_at": _("Only a sent email has a time it was sent: clear it.")}
            )
        if self.next_attempt_at is not None and self.state != EmailState.RETRYING:
            raise ValidationError(
                {
                    "next_attempt_at": _(
                        "Only an email waiting to be retried has a next attempt: clear it."
                    )
                }
            )


class ImportState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed, nothing written")


FINISHED = (ImportState.DONE, ImportState.FAILED)
STARTED = (ImportState.RUNNING, *FINISHED)


class ImportRun(models.Model):
    """One import of a file into a list of the catalog, run as a task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    model_label = models.CharField(_("list"), max_length=100)
    resource = models.CharField(_("import rules"), max_length=200)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    # The file until the run has read it (a worker may run on another machine).
    data = models.BinaryField(null=True, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=20, blank=True)
    state = models.CharField(
        pgettext_lazy("background task", "state"),
        max_length=10,
        choices=ImportState.choices,
        default=ImportState.QUEUED,
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "-created_at"], name="import_run_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="import_run_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=FINISHED) | Q(finished_at__isnull=True),
                name="import_run_finished_at_when_finished",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=STARTED) | Q(started_at__isnull=False),
                name="import_run_started_at_when_started",
            ),
        ]

    def __str__(self):
        return f"{self.list_name} – {self.file_name or self.pk}"

    @property
    def list_name(self):
        try:
            return apps.get_model(self.model_label)._meta.verbose_name_plural
        except (LookupError, ValueError):
            return self.model_label

    @property
    def finished(self):
        return self.state in FINISHED

    def clean(self):
        if self.finished_at is not None and not self.finished:
            raise ValidationError(
                {"finished_at": _("Only a finished import (done or failed) has an end: clear it.")}
            )
        if self.started_at is None and self.state in STARTED:
            raise ValidationError(
                {"started_at": _("An import that has started needs the time it started.")}
            )
