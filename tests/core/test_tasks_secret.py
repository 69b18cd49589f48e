"""An email holding a one-time link (password reset, invitation) never stores the link: its
row records what builds it, and each attempt builds it, a fresh link, when sending. Staff see
its subject, recipient and state. Rows recorded before (`secret`) held the text: never shown
to staff, erased once sent or given up."""

import json
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone, translation

from alliance import services
from core.mail import email_retry, queue_built_email, queue_email, send_email
from core.models import EmailState, OutgoingEmail
from tests.factories import make_institution, make_user
from tests.imports import admin_url
from tests.tasks import database_tasks, member_of, refusing_mail_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://\S+/password-reset/[^/\s]+/[^/\s]+/")
INVITATION_LINK = re.compile(r"https?://\S+/invitation/[^/\s]+/")
SITE = "https://catalog.example.org"
PASSWORD = "old-pw-1234567"


def ask_reset(client, email, language="en"):
    """Post the reset form; the email is recorded, not sent (its task waits for the commit)."""
    with translation.override(language):
        url = reverse("account-password-reset")
    client.post(url, {"email": email})
    return OutgoingEmail.objects.get(to=[email])


def invite(email="film@example.org", language="en"):
    with translation.override(language):
        services.representative_invite(
            email=email, institution=make_institution(name_en="Durban IFF"), by=None, origin=SITE
        )
    return OutgoingEmail.objects.get(to=[email])


def send(email):
    """The email's next attempt, as its task makes it; returns the state."""
    email.refresh_from_db()
    return send_email.call(email.pk, email.attempts)


def row_text(email):
    """Every value of the email's row, as text."""
    return json.dumps(model_to_dict(OutgoingEmail.objects.get(pk=email.pk)), default=str)


def opens_the_set_password_form(client, link):
    page = client.get(link, follow=True)
    return page.status_code == 200 and 'name="new_password1"' in page.content.decode()


def admin_pages(client, email):
    """The list, the change page and the history of `email`, as a membership manager."""
    client.force_login(member_of("Membership managers"))
    return [
        client.get(admin_url(OutgoingEmail, view, *args)).content.decode()
        for view, args in (("changelist", ()), ("change", (email.pk,)), ("history", (email.pk,)))
    ]


class FlakyMailServer:
    """Refuses every email until `back` is set; `refused` holds the messages it refused."""

    def __init__(self):
        self.back, self.refused = False, []


@pytest.fixture
def mail_server(monkeypatch):
    server = FlakyMailServer()
    real_send = EmailMessage.send

    def send_or_refuse(message, fail_silently=False):
        if server.back:
            return real_send(message, fail_silently)
        server.refused.append(message)
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(EmailMessage, "send", send_or_refuse)
    return server


# Password reset


def test_reset_email_row_holds_no_link_before_it_is_sent(client):
    user = make_user(email="member@example.org", password=PASSWORD)

    email = ask_reset(client, "member@example.org")

    text = row_text(email)
    assert email.state == EmailState.QUEUED
    assert default_token_generator.make_token(user) not in text
    assert "password-reset" not in text
    assert email.subject == "Choose a new password for the Film Alliance Catalog"


def test_reset_email_sent_link_opens_the_set_password_form(client, mailoutbox):
    make_user(email="member@example.org", password=PASSWORD)
    email = ask_reset(client, "member@example.org")

    state = send(email)

    link = RESET_LINK.search(mailoutbox[0].body).group()
    assert state == EmailState.SENT
    assert opens_the_set_password_form(client, link)
    assert "password-reset" not in row_text(email)


def test_reset_email_retried_after_a_failure_builds_a_fresh_valid_link(
    client, mailoutbox, mail_server
):
    user = make_user(email="member@example.org", password=PASSWORD)
    email = ask_reset(client, "member@example.org")
    send(email)  # refused (the immediate backend cannot wait: given up)
    first_link = RESET_LINK.search(mail_server.refused[0].body).group()
    user.last_login = timezone.now()  # signing in since makes the first link invalid
    user.save(update_fields=["last_login"])
    mail_server.back = True

    retried = email_retry(email=email)
    send(email)

    link = RESET_LINK.search(mailoutbox[0].body).group()
    assert retried
    assert link != first_link
    assert opens_the_set_password_form(client, link)
    assert not opens_the_set_password_form(client, first_link)


@pytest.mark.usefixtures("database_tasks")
def test_reset_email_of_a_deleted_account_fails_at_once_with_the_reason(client, mailoutbox):
    user = make_user(email="member@example.org", password=PASSWORD)
    email = ask_reset(client, "member@example.org")
    user.delete()

    state = send(email)

    email.refresh_from_db()
    assert (state, email.attempts, email.next_attempt_at) == (EmailState.FAILED, 1, None)
    assert email.last_error == "Not sent: the account no longer exists or is not active."
    assert mailoutbox == []


def test_reset_email_after_the_address_changed_is_not_sent_to_the_old_one(client, mailoutbox):
    user = make_user(email="member@example.org", password=PASSWORD)
    email = ask_reset(client, "member@example.org")
    user.email = "new-address@example.org"
    user.save()

    state = send(email)

    email.refresh_from_db()
    assert (state, email.attempts) == (EmailState.FAILED, 1)
    assert email.last_error == (
        "Not sent: the account's email address has changed since the reset was asked for."
    )
    assert mailoutbox == []


def test_reset_email_asked_in_chinese_is_in_chinese(client, mailoutbox):
    make_user(email="member@example.org", password=PASSWORD)
    email = ask_reset(client, "member@example.org", language="zh-hans")

    with translation.override("en"):  # the worker's own language
        send(email)

    message = mailoutbox[0]
    assert email.language == "zh-hans"
    assert message.subject == "设置电影联盟名录的新密码"
    assert "请打开以下链接设置新密码：" in message.body
    assert "/zh-hans/" in RESET_LINK.search(message.body).group()


@pytest.mark.usefixtures("database_tasks")
def test_reset_email_waiting_is_shown_to_staff_with_a_note_and_no_link(client):
    make_user(is_staff=True, is_superuser=True, email="boss@example.org", password=PASSWORD)
    email = ask_reset(client, "boss@example.org")

    pages = admin_pages(client, email)

    assert all("boss@example.org" in page for page in pages[:2])
    assert "Choose a new password for the Film Alliance Catalog" in pages[1]
    assert "its text is built when it is sent" in pages[1]
    assert all("password-reset/" not in page for page in pages)


# Invitation


def test_invitation_email_row_holds_no_link_before_it_is_sent():
    email = invite()

    text = row_text(email)
    assert "/invitation/" not in text
    assert email.subject == "Your invitation to represent Durban IFF"
    assert email.body == ""


def test_invitation_email_sent_link_opens_the_account_form(client, mailoutbox):
    email = invite()

    state = send(email)

    link = INVITATION_LINK.search(mailoutbox[0].body).group()
    assert state == EmailState.SENT
    assert opens_the_set_password_form(client, link.removeprefix(SITE))
    assert "/invitation/" not in row_text(email)


def test_invitation_email_retried_after_a_failure_builds_a_valid_link(
    client, mailoutbox, mail_server
):
    email = invite()
    send(email)
    mail_server.back = True

    email_retry(email=email)
    send(email)

    link = INVITATION_LINK.search(mailoutbox[0].body).group()
    assert opens_the_set_password_form(client, link.removeprefix(SITE))


@pytest.mark.usefixtures("database_tasks")
def test_invitation_email_of_a_revoked_invitation_fails_at_once_with_the_reason(mailoutbox):
    email = invite()
    invitation = services.RepresentativeInvitation.objects.get()
    invitation.revoked_at = timezone.now()
    invitation.save()

    state = send(email)

    email.refresh_from_db()
    assert (state, email.next_attempt_at) == (EmailState.FAILED, None)
    assert "the invitation no longer exists, or was used, revoked or expired" in email.last_error
    assert mailoutbox == []


def test_invitation_email_made_in_chinese_is_in_chinese(mailoutbox):
    email = invite(language="zh-hans")

    send(email)

    message = mailoutbox[0]
    assert message.subject == "邀请您担任Durban IFF的代表"
    assert "请打开以下链接设置密码并创建账户：" in message.body


# A builder that fails


def broken_message(**arguments):
    raise ValueError("no template for this email")


@pytest.mark.usefixtures("database_tasks")
def test_built_email_whose_builder_fails_is_retried_with_the_error(mailoutbox):
    email = queue_built_email(subject="S", build=broken_message, arguments={}, to=["a@b.org"])

    state = send(email)

    email.refresh_from_db()
    assert state == EmailState.RETRYING
    assert email.next_attempt_at is not None
    assert email.last_error == "Not built: ValueError: no template for this email"
    assert mailoutbox == []


def test_built_email_whose_builder_fails_on_the_immediate_backend_is_given_up(mailoutbox):
    email = queue_built_email(subject="S", build=broken_message, arguments={}, to=["a@b.org"])

    state = send(email)

    email.refresh_from_db()
    assert (state, email.next_attempt_at) == (EmailState.FAILED, None)
    assert email.last_error == "Not built: ValueError: no template for this email"
    assert mailoutbox == []


# Rows recorded before: the text holds the link


def legacy_secret_email(callbacks):
    with callbacks(execute=True):
        return queue_email(
            subject="Reset", body="https://x/reset/abc/", to=["a@b.org"], secret=True
        )


def test_legacy_secret_email_is_not_shown_and_erased_once_sent(
    client, django_capture_on_commit_callbacks
):
    email = legacy_secret_email(django_capture_on_commit_callbacks)

    email.refresh_from_db()
    pages = admin_pages(client, email)
    assert email.state == EmailState.SENT
    assert "/reset/" not in email.body
    assert "erased" in email.body
    assert "one-time link: not shown" in pages[1]


@pytest.mark.usefixtures("refusing_mail_server")
def test_legacy_secret_email_given_up_holds_no_link_and_is_not_sent_again(
    django_capture_on_commit_callbacks,
):
    email = legacy_secret_email(django_capture_on_commit_callbacks)

    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert "/reset/" not in email.body
    assert not email_retry(email=email)


def test_plain_email_text_is_shown_in_the_admin(client):
    email = OutgoingEmail.objects.create(subject="Decided", body="Your change was approved.")

    change_page = admin_pages(client, email)[1]

    assert "Your change was approved." in change_page
