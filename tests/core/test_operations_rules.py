"""The rules of the operations records (outgoing emails, import runs), enforced by the
database (ORM writes that skip clean()) and stated by full_clean() naming the field."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.models import EmailState, ImportRun, ImportState, OutgoingEmail

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def email(**kw):
    return OutgoingEmail(subject="S", body="B", to=["a@example.org"], **kw)


def run(**kw):
    return ImportRun(model_label="filmweek.film", resource="r", file_format="csv", **kw)


def refused_by_database(record):
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()
    return type(record).objects.count() == 0


def refused_by_clean(record):
    """{field: messages} of what full_clean() refuses."""
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


BROKEN_EMAILS = {
    "unknown state": ({"state": "lost"}, "state"),
    "sent without its time": ({"state": EmailState.SENT}, "sent_at"),
    "sent time of an unsent email": ({"state": EmailState.FAILED, "sent_at": NOW}, "sent_at"),
    "next attempt while being sent": (
        {"state": EmailState.SENDING, "next_attempt_at": NOW},
        "next_attempt_at",
    ),
}
BROKEN_RUNS = {
    "unknown state": ({"state": "paused"}, "state"),
    "finished while running": (
        {"state": ImportState.RUNNING, "started_at": NOW, "finished_at": NOW},
        "finished_at",
    ),
    "running without its start": ({"state": ImportState.RUNNING}, "started_at"),
    "done without its start": ({"state": ImportState.DONE, "finished_at": NOW}, "started_at"),
}


@pytest.mark.parametrize("fields", [f for f, _ in BROKEN_EMAILS.values()], ids=list(BROKEN_EMAILS))
def test_outgoing_email_broken_rule_refused_by_database(fields):
    assert refused_by_database(email(**fields))


@pytest.mark.parametrize(("fields", "field"), BROKEN_EMAILS.values(), ids=list(BROKEN_EMAILS))
def test_outgoing_email_broken_rule_refused_by_full_clean_naming_the_field(fields, field):
    assert set(refused_by_clean(email(**fields))) == {field}


@pytest.mark.parametrize("fields", [f for f, _ in BROKEN_RUNS.values()], ids=list(BROKEN_RUNS))
def test_import_run_broken_rule_refused_by_database(fields):
    assert refused_by_database(run(**fields))


@pytest.mark.parametrize(("fields", "field"), BROKEN_RUNS.values(), ids=list(BROKEN_RUNS))
def test_import_run_broken_rule_refused_by_full_clean_naming_the_field(fields, field):
    assert set(refused_by_clean(run(**fields))) == {field}


def test_outgoing_email_states_of_its_life_accepted_by_both():
    emails = [
        email(),
        email(state=EmailState.SENDING),
        email(state=EmailState.RETRYING, next_attempt_at=NOW),
        email(state=EmailState.SENT, sent_at=NOW),
        email(state=EmailState.FAILED),
    ]

    for record in emails:
        record.full_clean()
        record.save()

    assert OutgoingEmail.objects.count() == len(emails)


def test_import_run_states_of_its_life_accepted_by_both():
    runs = [
        run(),
        run(state=ImportState.RUNNING, started_at=NOW),
        run(state=ImportState.DONE, started_at=NOW, finished_at=NOW),
        run(state=ImportState.FAILED, started_at=NOW, finished_at=NOW),
    ]

    for record in runs:
        record.full_clean()
        record.save()

    assert ImportRun.objects.count() == len(runs)


def test_import_run_rule_message_is_in_the_staff_language():
    with translation.override("zh-hans"):
        messages = refused_by_clean(run(state=ImportState.DONE, finished_at=NOW))

    assert messages == {"started_at": ["已开始的导入须有开始时间。"]}
