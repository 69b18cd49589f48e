"""Helpers of the background task tests: the database backend switched on, its worker run
once, a mail server that refuses, and staff of a role."""

import smtplib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import make_user

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Tasks stored in the database for `manage.py db_worker`, as with TASKS_BACKEND=database."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def refusing_mail_server(monkeypatch):
    """Every email sent fails as an unreachable SMTP server makes it fail."""

    def refuse(message, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)


def run_worker():
    """`manage.py db_worker` once: every task due now, then it exits."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def member_of(role):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    return user
