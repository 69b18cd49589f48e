"""The database backend's path, through `manage.py db_worker` itself (run once, --batch): an
email and an import queued by one process are done by the worker; a failed email waits for
its back-off before the worker tries it again. Runs on SQLite and PostgreSQL."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.imports.runs import import_run_start
from core.mail import queue_email
from core.models import EmailState, ImportState
from filmweek.models import Film
from filmweek.resources import FilmResource
from tests.imports import csv_bytes
from tests.tasks import database_tasks, refusing_mail_server, run_worker  # noqa: F401

# The worker commits its own transactions and checks its connection as a request does.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_rows", "database_tasks"),
]


def queue():
    return queue_email(subject="Your invitation", body="Follow the link.", to=["a@example.org"])


def test_db_worker_sends_a_queued_email(mailoutbox):
    email = queue()
    waiting = (DBTaskResult.objects.get().status, len(mailoutbox))

    run_worker()

    email.refresh_from_db()
    assert waiting == ("READY", 0)
    assert (email.state, email.attempts) == (EmailState.SENT, 1)
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.usefixtures("refusing_mail_server")
def test_db_worker_retries_a_failed_email_only_when_its_back_off_is_over():
    email = queue()
    run_worker()
    email.refresh_from_db()
    first_error = (email.state, email.attempts, email.last_error)
    retry = DBTaskResult.objects.get(status="READY")

    run_worker()  # the retry is not due yet
    email.refresh_from_db()
    attempts_before_due = email.attempts
    DBTaskResult.objects.filter(pk=retry.pk).update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )
    run_worker()

    email.refresh_from_db()
    assert first_error == (
        EmailState.RETRYING,
        1,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )
    assert abs(retry.run_after - timezone.now() - datetime.timedelta(minutes=2)) < (
        datetime.timedelta(seconds=30)
    )
    assert attempts_before_due == 1
    assert (email.state, email.attempts) == (EmailState.RETRYING, 2)
    assert email.next_attempt_at - timezone.now() > datetime.timedelta(minutes=3)


def test_db_worker_runs_a_queued_import():
    header = ["title_original", "year"]
    run = import_run_start(
        resource_class=FilmResource,
        data=csv_bytes([header, ["Film A", "2001"], ["Film B", "2002"]]),
        file_format="csv",
    )
    queued = (run.state, Film.objects.count())

    run_worker()

    run.refresh_from_db()
    assert queued == (ImportState.QUEUED, 0)
    assert (run.state, run.new, Film.objects.count()) == (ImportState.DONE, 2, 2)
