"""Helpers of the background task tests: the database backend switched on, its worker run
once, a mail server that refuses, and staff of a role."""

import smtplib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import make_user
from tests.imports import admin_url

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


def admin_answers_to_a_superuser(client, record, changes):
    """What the admin answers a superuser for `record`: (its page's status, whether the page
    has a save button, the status of a post of `changes`, the status of the add page)."""
    client.force_login(make_user(is_staff=True, is_superuser=True))
    model = type(record)
    page = client.get(admin_url(model, "change", record.pk))
    posted = client.post(admin_url(model, "change", record.pk), changes)
    added = client.get(admin_url(model, "add"))
    saves = 'name="_save"' in page.content.decode()
    return page.status_code, saves, posted.status_code, added.status_code
