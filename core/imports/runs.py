"""Imports run as tasks. The admin's confirmation step and `manage.py import_catalog
--commit` record an ImportRun holding the file and enqueue `run_import`, which runs the same
import (same resource, rules, all or nothing) and records its counts and its problems in the
language of the staff who started it. While it runs, the rows checked so far are kept in the
cache (shared by every process of a deployment): the import's transaction hides its rows
from other connections until it ends."""

import logging
import os
from contextlib import contextmanager, suppress
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from import_export.results import RowResult
from simple_history.models import HistoricalRecords

from core.imports.files import read_file
from core.imports.problems import UNEXPECTED_FILE_PROBLEM, ImportProblem
from core.models import ImportRun, ImportState

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 3600
LOGGED = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
RUN_STOPPED = _(
    "The import stopped without finishing (its worker ended): nothing was written. Import the "
    "file again."
)
FILE_NAME_LENGTH = ImportRun._meta.get_field("file_name").max_length


def import_run_start(*, resource_class, data, file_format, file_name="", user=None):
    """Record an import of `data` (the file's bytes, "csv" or "xlsx") with `resource_class`
    and queue it; with the immediate backend it has run when this returns."""
    run = import_run_record(
        resource_class=resource_class,
        data=data,
        file_format=file_format,
        file_name=file_name,
        user=user,
    )
    # Not after the commit: the run and its task are saved (or rolled back) together.
    run_import.enqueue(run.pk)
    run.refresh_from_db()
    return run


def import_run_record(*, resource_class, data, file_format, file_name="", user=None):
    """A queued ImportRun, not yet given to the task backend; `data` None when the caller
    runs it at once with `import_run_now`."""
    return ImportRun.objects.create(
        user=user,
        model_label=resource_class._meta.model._meta.label_lower,
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        file_name=short_file_name(file_name),
        file_format=file_format,
        data=data,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def progress_key(run_id):
    return f"import-run-progress:{run_id}"


def rows_checked(run):
    """How many rows of a running import have been checked so far, or None."""
    return cache.get(progress_key(run.pk))


def record_progress(run_id, done, total):
    cache.set(progress_key(run_id), done, PROGRESS_SECONDS)


def short_file_name(name):
    """The file's name cut to what an ImportRun keeps, its extension kept."""
    name = os.path.basename(name or "")
    if len(name) <= FILE_NAME_LENGTH:
        return name
    stem, extension = os.path.splitext(name)
    extension = extension[:10]
    return stem[: FILE_NAME_LENGTH - len(extension) - 1] + "…" + extension


@task()
def run_import(run_id, progress=None):
    """Run a queued import; `progress(done, total)` is told as rows are checked (besides the
    cache). Returns the run's state."""
    return import_run_now(run_id=run_id, progress=progress)


def import_run_now(*, run_id, data=None, progress=None):
    """Run a queued import here, reading `data` (bytes) when given, else the file the run
    holds; None when another worker has claimed the run."""
    claimed = ImportRun.objects.filter(pk=run_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    data = bytes(run.data) if data is None else data
    with translation.override(run.language or settings.LANGUAGE_CODE), history_user(run.user):
        try:
            _run(run, data, progress)
        except Exception:  # the run says so in the staff's words; the log has the traceback
            logger.exception("Import run %s stopped.", run.pk)
            run.state, run.problems = ImportState.FAILED, [str(UNEXPECTED_FILE_PROBLEM)]
    run.data, run.finished_at = None, timezone.now()
    run.save()
    cache.delete(progress_key(run.pk))
    return run.state


@contextmanager
def history_user(user):
    """The records' history names `user` as their author, as the admin's request would (a
    worker has no request); the request of the immediate backend's caller is put back."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    if user is not None:
        context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            with suppress(AttributeError):
                del context.request
        else:
            context.request = previous


def import_runs_tidy(*, stuck_after, prune_before=None):
    """Mark the runs started before `stuck_after` and still running as failed (their worker
    died) and drop their file; with `prune_before`, delete the runs finished before it.
    Returns (failed, deleted)."""
    with translation.override(settings.LANGUAGE_CODE):
        failed = ImportRun.objects.filter(
            state=ImportState.RUNNING, started_at__lt=stuck_after
        ).update(
            state=ImportState.FAILED,
            data=None,
            finished_at=timezone.now(),
            problems=[str(RUN_STOPPED)],
        )
    deleted = 0
    if prune_before is not None:
        deleted, _by_model = ImportRun.objects.filter(
            state__in=[ImportState.DONE, ImportState.FAILED], finished_at__lt=prune_before
        ).delete()
    return failed, deleted


def _run(run, data, progress):
    try:
        dataset = read_file(data, run.file_format)
    except ImportProblem as problem:
        run.state, run.problems = ImportState.FAILED, [str(problem)]
        return
    run.rows = len(dataset)

    def told(done, total):
        record_progress(run.pk, done, total)
        if progress is not None:
            progress(done, total)

    resource = import_string(run.resource)(progress=told)
    result = resource.import_data(
        dataset,
        dry_run=False,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
        user=run.user,
        file_name=run.file_name,
    )
    totals = result.totals
    run.new, run.updated = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE]
    run.skipped = totals[RowResult.IMPORT_TYPE_SKIP]
    run.errors = totals[RowResult.IMPORT_TYPE_ERROR] + totals[RowResult.IMPORT_TYPE_INVALID]
    run.problems = result.problems()
    failed = result.has_errors() or result.has_validation_errors()
    run.state = ImportState.FAILED if failed else ImportState.DONE
    if not failed and run.user_id is not None:
        _log_changes(run, result)


def _log_changes(run, result):
    """Admin log entries of the records written, as the admin's own import makes them."""
    model = apps.get_model(run.model_label)
    for import_type, flag in LOGGED.items():
        instances = [
            row.instance
            for row in result
            if row.import_type == import_type and isinstance(row.instance, model)
        ]
        if instances:
            LogEntry.objects.log_actions(
                run.user_id,
                instances,
                flag,
                change_message=f"{import_type} through import_export",
                single_object=len(instances) == 1,
            )


def run_summary(run):
    """The counts of a finished run as one line (for the command line)."""
    return (
        f"{run.new} new, {run.updated} updated, {run.skipped} unchanged, {run.errors} with errors"
    )
