"""An email holding a one-time link (password reset, invitation) is never shown to staff and
its text is erased once sent or given up: nobody in the back office can take an account over."""

import re

import pytest
from django.urls import reverse

from alliance import services
from core.mail import email_retry, queue_email
from core.models import EmailState, OutgoingEmail
from tests.factories import make_institution, make_user
from tests.imports import admin_url
from tests.tasks import database_tasks, member_of, refusing_mail_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"/password-reset/[^/\s]+/[^/\s]+/")


def ask_reset(client, email, callbacks):
    with callbacks(execute=True):
        client.post(reverse("account-password-reset"), {"email": email})
    return OutgoingEmail.objects.get(to=[email])


def admin_pages(client, email):
    """The list, the change page and the history of `email`, as a membership manager."""
    client.force_login(member_of("Membership managers"))
    return [
        client.get(admin_url(OutgoingEmail, view, *args)).content.decode()
        for view, args in (("changelist", ()), ("change", (email.pk,)), ("history", (email.pk,)))
    ]


@pytest.mark.usefixtures("database_tasks")
def test_reset_link_of_a_superuser_is_shown_nowhere_in_the_admin(
    client, django_capture_on_commit_callbacks
):
    make_user(is_staff=True, is_superuser=True, email="boss@example.org", password="old-pw-1234567")
    email = ask_reset(client, "boss@example.org", django_capture_on_commit_callbacks)
    link = RESET_LINK.search(email.body).group()  # waiting for the worker: still there

    pages = admin_pages(client, email)

    assert email.secret
    assert all(link not in page for page in pages)
    assert "one-time link: not shown" in pages[1]


def test_reset_email_once_sent_holds_no_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(email="member@example.org", password="old-pw-1234567")

    email = ask_reset(client, "member@example.org", django_capture_on_commit_callbacks)

    email.refresh_from_db()
    assert RESET_LINK.search(mailoutbox[0].body)
    assert email.state == EmailState.SENT
    assert not RESET_LINK.search(email.body + email.html)
    assert "erased" in email.body


@pytest.mark.usefixtures("refusing_mail_server")
def test_secret_email_given_up_holds_no_link_and_is_not_sent_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(
            subject="Reset", body="https://x/reset/abc/", to=["a@b.org"], secret=True
        )

    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert "/reset/" not in email.body
    assert not email_retry(email=email)


def test_invitation_email_is_secret(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.representative_invite(
            email="film@example.org", institution=make_institution(), by=None, origin="http://t"
        )

    email = OutgoingEmail.objects.get(to=["film@example.org"])
    assert email.secret
    assert "http://t" not in email.body


def test_plain_email_text_is_shown_in_the_admin(client):
    email = OutgoingEmail.objects.create(subject="Decided", body="Your change was approved.")

    change_page = admin_pages(client, email)[1]

    assert "Your change was approved." in change_page
