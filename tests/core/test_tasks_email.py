"""Every email goes through core.mail: recorded, sent by a task after the commit, retried with
back-off on the database backend, given up after five attempts, and never a failed request."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import MAX_ATTEMPTS, queue_email, retry_delay, send_email
from core.models import EmailState, OutgoingEmail
from tests.factories import make_user
from tests.tasks import database_tasks, refusing_mail_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def queue(**kw):
    return queue_email(
        subject=kw.get("subject", "Your invitation"),
        body="Follow the link.",
        to=kw.get("to", ["rep@example.org"]),
    )


def test_queue_email_is_recorded_then_sent_after_the_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
        assert mailoutbox == []

    email.refresh_from_db()
    assert [(m.subject, m.to) for m in mailoutbox] == [("Your invitation", ["rep@example.org"])]
    assert (email.state, email.attempts, email.sent_at is not None) == (EmailState.SENT, 1, True)


def test_queue_email_of_a_rolled_back_action_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass

    assert (callbacks, mailoutbox, OutgoingEmail.objects.count()) == ([], [], 0)


def test_queue_email_keeps_the_html_alternative(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(subject="S", body="text", to=["a@example.org"], html="<p>html</p>")

    assert mailoutbox[0].alternatives[0].content == "<p>html</p>"


@pytest.mark.usefixtures("refusing_mail_server")
def test_failed_email_on_the_immediate_backend_is_recorded_failed_and_the_request_succeeds(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user(email="rep@example.org", password="a-password-of-theirs")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account-password-reset"), {"email": user.email})

    email = OutgoingEmail.objects.get()
    assert response.status_code == 302
    assert (email.state, email.attempts, email.next_attempt_at) == (EmailState.FAILED, 1, None)
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email.to == ["rep@example.org"]


@pytest.mark.usefixtures("refusing_mail_server", "database_tasks")
def test_failed_email_is_retried_after_2_4_8_16_minutes_then_given_up(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    delays = []

    for attempt in range(MAX_ATTEMPTS):
        started = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            send_email.call(email.pk, attempt)
        email.refresh_from_db()
        if email.next_attempt_at is not None:
            delays.append(round((email.next_attempt_at - started).total_seconds() / 60))
            scheduled = DBTaskResult.objects.order_by("-enqueued_at").first()
            assert scheduled.run_after == email.next_attempt_at
            assert scheduled.args_kwargs["args"] == [email.pk, attempt + 1]

    assert delays == [2, 4, 8, 16]
    assert (email.state, email.attempts) == (EmailState.FAILED, MAX_ATTEMPTS)
    assert DBTaskResult.objects.count() == 1 + 4  # the first send and four retries


def test_retry_delay_doubles_from_two_minutes():
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        datetime.timedelta(minutes=2),
        datetime.timedelta(minutes=4),
        datetime.timedelta(minutes=8),
    ]


def test_send_email_of_an_outdated_attempt_does_nothing(mailoutbox):
    email = OutgoingEmail.objects.create(subject="S", body="B", to=["a@example.org"], attempts=2)

    state = send_email.call(email.pk, 1)

    email.refresh_from_db()
    assert (state, email.attempts, mailoutbox) == (None, 2, [])


def test_send_email_of_a_sent_email_does_not_send_it_twice(mailoutbox):
    email = OutgoingEmail.objects.create(subject="S", body="B", to=["a@example.org"])
    send_email.call(email.pk, 0)

    send_email.call(email.pk, 1)

    assert len(mailoutbox) == 1
