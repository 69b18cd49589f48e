"""Imports run as tasks. The admin's confirmation step and `manage.py import_catalog
--commit` record an ImportRun holding the file and enqueue `run_import`, which runs the same
import (same resource, rules, all or nothing) and records its counts and its problems in the
language of the staff who started it. While it runs, the rows checked so far are kept in the
cache (shared by every process of a deployment): the import's transaction hides its rows
from other connections until it ends."""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task
from import_export.results import RowResult

from core.imports.files import read_file
from core.imports.problems import UNEXPECTED_FILE_PROBLEM, ImportProblem
from core.models import ImportRun, ImportState

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 3600
LOGGED = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}


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
    """A queued ImportRun, not yet given to the task backend."""
    return ImportRun.objects.create(
        user=user,
        model_label=resource_class._meta.model._meta.label_lower,
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        file_name=file_name,
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


@task()
def run_import(run_id, progress=None):
    """Run a queued import; `progress(done, total)` is told as rows are checked (besides the
    cache). Returns the run's state."""
    run = ImportRun.objects.filter(pk=run_id, state=ImportState.QUEUED).first()
    if run is None:
        return None
    run.state, run.started_at = ImportState.RUNNING, timezone.now()
    run.save(update_fields=["state", "started_at"])
    with translation.override(run.language or settings.LANGUAGE_CODE):
        try:
            _run(run, progress)
        except Exception:  # the run says so in the staff's words; the log has the traceback
            logger.exception("Import run %s stopped.", run.pk)
            run.state, run.problems = ImportState.FAILED, [str(UNEXPECTED_FILE_PROBLEM)]
    run.data, run.finished_at = None, timezone.now()
    run.save()
    cache.delete(progress_key(run.pk))
    return run.state


def _run(run, progress):
    try:
        dataset = read_file(bytes(run.data), run.file_format)
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
