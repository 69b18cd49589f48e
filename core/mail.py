"""Every email of the site goes through here. `queue_email` records it (OutgoingEmail) and
sends it as a task once the transaction commits, so that a rolled-back action sends nothing
and a failed send never breaks the action that asked for it. A failure is retried with
back-off (2, 4, 8 and 16 minutes) when the tasks run on a backend that can wait (the
database backend's `manage.py db_worker`), then given up; staff see failed emails in the
admin and can send them again. Each attempt is claimed in one UPDATE, so two tasks for one
email (a retry from the admin while a scheduled one waits) send it once. An email lost
between the commit and the task backend is sent again by `manage.py tidy_operations`.

An email holding a one-time link (password reset, invitation) goes through
`queue_built_email`: its row records which function builds it, with what arguments and in
which language, and each attempt builds its text (a fresh link) just before sending, so
the link is never stored. When its account or invitation is gone it fails at once; any other
error while building it (the database down a moment) is retried as a failed send. Rows
recorded before that (`secret=True`) held the text: they are never shown to staff, and their
text is erased once sent or given up."""

import datetime
import logging
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.models import EmailState, OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
ERROR_LENGTH = 2000
SUBJECT_LENGTH = OutgoingEmail._meta.get_field("subject").max_length
RETRIABLE = (EmailState.FAILED, EmailState.RETRYING)
SECRET_ERASED = _("(This email held a one-time link; its text was erased.)")


class Message(NamedTuple):
    """What a builder of `queue_built_email` returns."""

    subject: str
    body: str
    html: str = ""


class MessageGone(Exception):
    """Raised by a builder when what its email is about no longer exists (or is closed): the
    email fails at once with this reason."""


def queue_email(*, subject, body, to, from_email=None, html="", secret=False):
    """Record an email to `to` (a list of addresses) and send it after the commit."""
    return _record(
        subject=subject, to=to, from_email=from_email, body=body, html=html or "", secret=secret
    )


def queue_built_email(*, subject, build, arguments, to, from_email=None):
    """Record an email whose text `build(**arguments)` (a module-level function returning a
    Message; `arguments` JSON values) makes when it is sent, in the active language, and
    send it after the commit. `subject` is what staff see until then."""
    return _record(
        subject=subject,
        to=to,
        from_email=from_email,
        body="",
        builder=f"{build.__module__}.{build.__qualname__}",
        builder_arguments=arguments,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def _record(*, subject, to, from_email, **fields):
    email = OutgoingEmail.objects.create(
        subject=one_line(subject), to=list(to), from_email=from_email or "", **fields
    )
    _send_after_commit(email)
    return email


def one_line(subject):
    return " ".join(subject.split())[:SUBJECT_LENGTH]


def retry_delay(attempts):
    """How long to wait after the `attempts`th failed attempt: 2, 4, 8... minutes."""
    return datetime.timedelta(minutes=2**attempts)


def email_retry(*, email):
    """Send a failed (or waiting) email again now; False when it is not one of those, or when
    its one-time link has been erased."""
    if email.secret and email.state == EmailState.FAILED:
        return False
    retried = OutgoingEmail.objects.filter(pk=email.pk, state__in=RETRIABLE).update(
        state=EmailState.QUEUED, next_attempt_at=None, updated_at=timezone.now()
    )
    if not retried:
        return False
    email.refresh_from_db()
    _send_after_commit(email)
    return True


def emails_tidy(*, overdue_before, stuck_before, prune_before=None):
    """Give the task backend again the emails whose task was lost: queued (or due to be
    retried) before `overdue_before`, or being sent since before `stuck_before` (the worker
    died mid-send: sent again, perhaps twice, rather than lost). An extra task for an email
    whose task is still waiting is harmless: the first one claims the attempt. With
    `prune_before`, delete the emails sent before it. Returns (requeued, deleted)."""
    OutgoingEmail.objects.filter(state=EmailState.SENDING, updated_at__lt=stuck_before).update(
        state=EmailState.RETRYING,
        next_attempt_at=stuck_before,  # so overdue just below
    )
    overdue = OutgoingEmail.objects.filter(
        state=EmailState.QUEUED, updated_at__lt=overdue_before
    ) | OutgoingEmail.objects.filter(state=EmailState.RETRYING, next_attempt_at__lt=overdue_before)
    requeued = 0
    for email in overdue.only("pk", "attempts"):
        _send_after_commit(email)
        requeued += 1
    deleted = 0
    if prune_before is not None:
        deleted, _by_model = OutgoingEmail.objects.filter(
            state=EmailState.SENT, sent_at__lt=prune_before
        ).delete()
    return requeued, deleted


def _send_after_commit(email, run_after=None):
    # robust: a task backend that is down must not break the action that sent the email;
    # `tidy_operations` sends it later.
    email_id, attempts = email.pk, email.attempts

    def enqueue_send_email():  # a function: Django logs a failed robust hook by its name
        task = send_email if run_after is None else send_email.using(run_after=run_after)
        task.enqueue(email_id, attempts)

    transaction.on_commit(enqueue_send_email, robust=True)


def _claim(email_id, attempts):
    """Mark the email as being sent by this attempt; False when another attempt has been
    made since this one was queued, or the email is sent or being sent."""
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id, attempts=attempts)
        .exclude(state__in=[EmailState.SENT, EmailState.SENDING])
        .update(
            state=EmailState.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=None,  # set only while waiting to be retried
            updated_at=timezone.now(),
        )
    )
    return claimed == 1


@task()
def send_email(email_id, attempts):
    """Send the email, unless it was sent or another attempt was made since this one was
    queued (a retry from the admin while a scheduled one waits); returns its state."""
    if not _claim(email_id, attempts):
        return None
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message = _message(email)
    except MessageGone as error:  # its account or invitation is gone: building it again fails
        _record_gone(email, error)
        return email.state
    except Exception as error:  # a database down a moment, or a broken builder: retried
        logger.exception("Email %s could not be built.", email.pk)
        _record_failure(email, error, prefix="Not built: ")
        return email.state
    try:
        message.send()
    except Exception as error:  # any failure of the mail server or the connection
        _record_failure(email, error)
    else:
        email.state, email.sent_at = EmailState.SENT, timezone.now()
        email.next_attempt_at, email.last_error = None, ""
        _save(email, "sent_at", "next_attempt_at", "last_error")
    return email.state


def _message(email):
    """The email to send: as recorded, or built now by its builder in its language."""
    subject, body, html = email.subject, email.body, email.html
    if email.builder:
        with translation.override(email.language or settings.LANGUAGE_CODE):
            subject, body, html = import_string(email.builder)(**email.builder_arguments)
    message = EmailMultiAlternatives(one_line(subject), body, email.from_email or None, email.to)
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _save(email, *fields):
    """Save what this attempt changed (no other field), erasing a one-time link when the
    email is sent or given up."""
    fields = ["state", "updated_at", *fields]
    if email.secret and email.state in (EmailState.SENT, EmailState.FAILED):
        email.body, email.html = str(SECRET_ERASED), ""
        fields += ["body", "html"]
    email.save(update_fields=fields)


def _record_gone(email, error):
    """Given up at once (staff may send it again)."""
    email.last_error = f"Not sent: {error}"
    email.state, email.next_attempt_at = EmailState.FAILED, None
    _save(email, "last_error", "next_attempt_at")


def _record_failure(email, error, prefix=""):
    logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, error)
    email.last_error = f"{prefix}{type(error).__name__}: {error}"[:ERROR_LENGTH]
    can_wait = send_email.get_backend().supports_defer
    if email.attempts < MAX_ATTEMPTS and can_wait:
        email.state = EmailState.RETRYING
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        _save(email, "last_error", "next_attempt_at")
        _send_after_commit(email, run_after=email.next_attempt_at)
    else:
        email.state, email.next_attempt_at = EmailState.FAILED, None
        _save(email, "last_error", "next_attempt_at")
