"""`manage.py tidy_operations` (cron): lost emails sent again, import runs whose worker died
marked failed, old records pruned."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import EmailState, ImportRun, ImportState, OutgoingEmail
from tests.tasks import database_tasks, run_worker  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def email(state, **kw):
    row = OutgoingEmail.objects.create(subject="S", body="B", to=["a@example.org"])
    OutgoingEmail.objects.filter(pk=row.pk).update(state=state, **kw)
    return row


def run(state, **kw):
    row = ImportRun.objects.create(model_label="filmweek.film", file_format="csv", data=b"x")
    ImportRun.objects.filter(pk=row.pk).update(state=state, **{"started_at": ago(days=50), **kw})
    return row


@pytest.mark.django_db(transaction=True)  # the worker commits
@pytest.mark.usefixtures("reference_rows")
@pytest.mark.usefixtures("database_tasks")
def test_tidy_operations_sends_an_email_whose_task_was_lost(mailoutbox):
    lost = email(EmailState.QUEUED, updated_at=ago(minutes=10))
    email(EmailState.QUEUED)  # its task is still on its way
    email(EmailState.RETRYING, next_attempt_at=ago(minutes=1))  # due: its task waits
    cut_off = email(EmailState.SENDING, attempts=1, updated_at=ago(hours=2), to=["b@x.org"])

    call_command("tidy_operations")
    run_worker()

    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@x.org"]
    assert OutgoingEmail.objects.get(pk=lost.pk).state == EmailState.SENT
    assert OutgoingEmail.objects.get(pk=cut_off.pk).attempts == 2


def test_tidy_operations_fails_an_import_run_whose_worker_died():
    stuck = run(ImportState.RUNNING, started_at=ago(hours=2))
    running = run(ImportState.RUNNING, started_at=ago(minutes=5))

    call_command("tidy_operations")

    stuck.refresh_from_db()
    assert (stuck.state, stuck.data, bool(stuck.problems)) == (ImportState.FAILED, None, True)
    assert ImportRun.objects.get(pk=running.pk).state == ImportState.RUNNING


def test_tidy_operations_prunes_only_with_prune_days():
    old_sent = email(EmailState.SENT, sent_at=ago(days=40))
    email(EmailState.SENT, sent_at=ago(days=2))
    email(EmailState.FAILED)
    old_run = run(ImportState.DONE, finished_at=ago(days=40))
    run(ImportState.DONE, finished_at=ago(days=2))

    call_command("tidy_operations")
    kept = OutgoingEmail.objects.count(), ImportRun.objects.count()
    call_command("tidy_operations", "--prune-days", "30")

    assert kept == (3, 2)
    assert not OutgoingEmail.objects.filter(pk=old_sent.pk).exists()
    assert not ImportRun.objects.filter(pk=old_run.pk).exists()
    assert (OutgoingEmail.objects.count(), ImportRun.objects.count()) == (2, 1)
