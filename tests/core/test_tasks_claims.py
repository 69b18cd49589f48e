"""Each attempt at an email, and each import run, is claimed in one UPDATE: two tasks for the
same attempt (a retry while another waits, two workers) send or import once."""

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from core.imports.runs import import_run_record, run_import
from core.mail import email_retry, queue_email, send_email
from core.models import EmailState, ImportRun, ImportState, OutgoingEmail
from filmweek.models import Film
from filmweek.resources import FilmResource
from tests.imports import csv_bytes
from tests.tasks import database_tasks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_send_email_run_twice_at_once_sends_once(mailoutbox, monkeypatch):
    email = queue_email(subject="Hello", body="B", to=["a@example.org"])
    real_send = EmailMessage.send
    second_results = []

    def send_while_another_task_starts(message, fail_silently=False):
        second_results.append(send_email.call(email.pk, 0))  # the other worker, same attempt
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send_while_another_task_starts)

    first = send_email.call(email.pk, 0)

    email.refresh_from_db()
    assert (first, second_results) == (EmailState.SENT, [None])
    assert len(mailoutbox) == 1
    assert (email.state, email.attempts) == (EmailState.SENT, 1)


@pytest.mark.usefixtures("database_tasks")
def test_email_retry_of_a_queued_email_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(subject="Hello", body="B", to=["a@example.org"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retried = email_retry(email=email)

    assert (retried, callbacks) == (False, [])
    assert OutgoingEmail.objects.get().state == EmailState.QUEUED


def test_email_queued_while_the_task_backend_is_down_does_not_break_the_action(
    monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("task backend down")

    monkeypatch.setattr(type(send_email), "enqueue", down)

    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(subject="Hello", body="B", to=["a@example.org"])

    assert OutgoingEmail.objects.get(pk=email.pk).state == EmailState.QUEUED


def test_run_import_of_a_run_already_claimed_does_nothing():
    run = import_run_record(
        resource_class=FilmResource,
        data=csv_bytes([["title_original", "year"], ["Film A", "2001"]]),
        file_format="csv",
    )
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.RUNNING, started_at=timezone.now())

    result = run_import.call(run.pk)

    assert (result, Film.objects.count()) == (None, 0)
