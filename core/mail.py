"""Every email of the site goes through here. `queue_email` records it (OutgoingEmail) and
sends it as a task once the transaction commits, so that a rolled-back action sends nothing
and a failed send never breaks the action that asked for it. A failure is retried with
back-off (2, 4, 8 and 16 minutes) when the tasks run on a backend that can wait (the
database backend's `manage.py db_worker`), then given up; staff see failed emails in the
admin and can send them again."""

import datetime
import logging
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.models import EmailState, OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
ERROR_LENGTH = 2000
SUBJECT_LENGTH = OutgoingEmail._meta.get_field("subject").max_length


def queue_email(*, subject, body, to, from_email=None, html=""):
    """Record an email to `to` (a list of addresses) and send it after the commit."""
    email = OutgoingEmail.objects.create(
        subject=" ".join(subject.split())[:SUBJECT_LENGTH],
        body=body,
        html=html or "",
        from_email=from_email or "",
        to=list(to),
    )
    _send_after_commit(email)
    return email


def retry_delay(attempts):
    """How long to wait after the `attempts`th failed attempt: 2, 4, 8... minutes."""
    return datetime.timedelta(minutes=2**attempts)


def email_retry(*, email):
    """Send a failed (or waiting) email again now; False when it was already sent."""
    if email.state == EmailState.SENT:
        return False
    email.state, email.next_attempt_at = EmailState.QUEUED, None
    email.save(update_fields=["state", "next_attempt_at", "updated_at"])
    _send_after_commit(email)
    return True


def _send_after_commit(email, run_after=None):
    transaction.on_commit(partial(_enqueue, email.pk, email.attempts, run_after))


def _enqueue(email_id, attempts, run_after):
    task = send_email if run_after is None else send_email.using(run_after=run_after)
    task.enqueue(email_id, attempts)


@task()
def send_email(email_id, attempts):
    """Send the email, unless it was sent or another attempt was made since this one was
    queued (a retry from the admin while a scheduled one waits); returns its state."""
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or email.state == EmailState.SENT or email.attempts != attempts:
        return None
    email.attempts += 1
    try:
        message = EmailMultiAlternatives(
            email.subject, email.body, email.from_email or None, email.to
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        message.send()
    except Exception as error:  # any failure of the mail server or the connection
        _record_failure(email, error)
    else:
        email.state, email.sent_at = EmailState.SENT, timezone.now()
        email.next_attempt_at, email.last_error = None, ""
        email.save()
    return email.state


def _record_failure(email, error):
    logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, error)
    email.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    can_wait = send_email.get_backend().supports_defer
    if email.attempts < MAX_ATTEMPTS and can_wait:
        email.state = EmailState.RETRYING
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        email.save()
        _send_after_commit(email, run_after=email.next_attempt_at)
    else:
        email.state, email.next_attempt_at = EmailState.FAILED, None
        email.save()
