"""Staff see the outgoing emails (read-only), find the failed ones and send them again."""

import pytest
from django.utils import timezone

from core.models import EmailState, OutgoingEmail
from tests.imports import admin_url
from tests.tasks import admin_answers_to_a_superuser, member_of

pytestmark = pytest.mark.django_db


def failed_email(**kw):
    return OutgoingEmail.objects.create(
        subject="Your invitation",
        body="Follow the link.",
        to=["rep@example.org"],
        state=EmailState.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        **kw,
    )


def sent_email(subject="S", to=("a@example.org",)):
    return OutgoingEmail.objects.create(
        subject=subject, body="B", to=list(to), state=EmailState.SENT, sent_at=timezone.now()
    )


def test_failed_email_is_listed_with_its_error_for_a_membership_manager(client):
    failed_email()
    sent_email(subject="Sent one", to=["b@example.org"])
    client.force_login(member_of("Membership managers"))

    html = client.get(admin_url(OutgoingEmail, "changelist") + "?state__exact=failed")

    page = html.content.decode()
    assert "rep@example.org" in page
    assert "SMTPServerDisconnected" in page
    assert "Sent one" not in page


def test_outgoing_email_is_found_by_address(client):
    failed_email()
    client.force_login(member_of("Membership managers"))

    found = client.get(admin_url(OutgoingEmail, "changelist") + "?q=rep@example")
    missed = client.get(admin_url(OutgoingEmail, "changelist") + "?q=nobody@example")

    assert "Your invitation" in found.content.decode()
    assert "Your invitation" not in missed.content.decode()


def test_retry_action_sends_a_failed_email_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    email = failed_email()
    client.force_login(member_of("Membership managers"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url(OutgoingEmail, "changelist"),
            {"action": "retry_emails", "_selected_action": [email.pk]},
            follow=True,
        )

    email.refresh_from_db()
    assert "1 email queued again." in response.content.decode()
    assert (email.state, email.attempts, email.last_error) == (EmailState.SENT, 6, "")
    assert [m.subject for m in mailoutbox] == ["Your invitation"]


def test_retry_action_leaves_a_sent_email_alone(client, mailoutbox):
    email = sent_email()
    client.force_login(member_of("Membership managers"))

    response = client.post(
        admin_url(OutgoingEmail, "changelist"),
        {"action": "retry_emails", "_selected_action": [email.pk]},
        follow=True,
    )

    assert "0 emails queued again." in response.content.decode()
    assert mailoutbox == []


def test_outgoing_email_page_is_read_only(client):
    email = failed_email()

    answers = admin_answers_to_a_superuser(client, email, {"subject": "Changed"})

    email.refresh_from_db()
    assert answers == (200, False, 403, 403)
    assert email.subject == "Your invitation"


def test_outgoing_emails_are_refused_to_editors_and_viewers(client):
    email = failed_email()

    statuses = []
    for role in ("Editors", "Viewers"):
        client.force_login(member_of(role))
        statuses.append(client.get(admin_url(OutgoingEmail, "change", email.pk)).status_code)

    assert statuses == [403, 403]
