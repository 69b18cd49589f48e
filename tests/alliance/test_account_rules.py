"""The rules of the self-service records, held by the database and repeated by clean()."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance.models import (
    ApplicationAnswer,
    ApplicationStatus,
    ProfileChange,
    RepresentativeInvitation,
    ReviewStatus,
    validate_social_links,
)
from tests.factories import (
    make_application,
    make_institution,
    make_invitation,
    make_profile_change,
)

NOW = datetime.datetime(2025, 5, 1, 10, 0, tzinfo=datetime.UTC)


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.django_db
def test_second_waiting_change_of_institution_is_refused():
    first = make_profile_change()

    refused_by_database(lambda: make_profile_change(institution=first.institution))


@pytest.mark.django_db
def test_second_waiting_change_is_refused_by_clean():
    first = make_profile_change()
    second = ProfileChange(institution=first.institution, description_en="Other.")

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert refused.value.messages == ["This institution already has a change waiting."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"status": ReviewStatus.REJECTED, "reviewed_at": NOW, "review_comment": ""},
        {"status": ReviewStatus.APPROVED, "reviewed_at": None},
        {"status": ReviewStatus.PENDING, "reviewed_at": NOW},
        {"status": "published"},
    ],
    ids=["rejected-without-comment", "approved-without-date", "pending-with-date", "status"],
)
def test_inconsistent_profile_change_is_refused(values):
    refused_by_database(lambda: make_profile_change(**values))


@pytest.mark.django_db
def test_rejected_change_without_comment_is_refused_by_clean():
    change = ProfileChange(
        institution=make_institution(), status=ReviewStatus.REJECTED, reviewed_at=NOW
    )

    with pytest.raises(ValidationError) as refused:
        change.full_clean()

    assert refused.value.message_dict == {
        "review_comment": ["Say why the change is rejected: the member reads it."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"status": ApplicationStatus.REJECTED, "decided_at": NOW, "decision_reason": ""},
        {"status": ApplicationStatus.APPROVED, "decided_at": NOW, "institution": None},
        {"status": ApplicationStatus.PENDING, "decided_at": NOW},
        {"kind": "cinema"},
    ],
    ids=["rejected-without-reason", "approved-without-institution", "pending-decided", "kind"],
)
def test_inconsistent_application_is_refused(values):
    refused_by_database(lambda: make_application(**values))


@pytest.mark.django_db
def test_approved_application_without_institution_is_refused_by_clean():
    application = make_application()
    application.status = ApplicationStatus.APPROVED
    application.decided_at = NOW

    with pytest.raises(ValidationError) as refused:
        application.full_clean()

    assert refused.value.message_dict == {
        "institution": ["An approved application names its institution."]
    }


@pytest.mark.django_db
def test_two_answers_in_one_position_are_refused():
    application = make_application()
    ApplicationAnswer.objects.create(
        application=application, position=1, question_en="Q", answer="A"
    )

    refused_by_database(
        lambda: ApplicationAnswer.objects.create(
            application=application, position=1, question_en="Q", answer="B"
        )
    )


@pytest.mark.django_db
def test_invitation_expiring_before_it_is_sent_is_refused():
    refused_by_database(lambda: make_invitation(created_at=NOW, expires_at=NOW))


@pytest.mark.django_db
def test_invitation_accepted_and_revoked_is_refused():
    refused_by_database(lambda: make_invitation(accepted_at=NOW, revoked_at=NOW))


@pytest.mark.django_db
def test_new_invitation_is_open_for_seven_days():
    invitation = make_invitation()

    assert invitation.is_open is True
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=1)
    )
    assert str(invitation.state) == "open"


@pytest.mark.django_db
def test_invitation_clean_lowercases_email():
    invitation = RepresentativeInvitation(
        email="Rep@Example.ORG", institution=make_institution(), created_at=timezone.now()
    )

    invitation.full_clean()

    assert invitation.email == "rep@example.org"


@pytest.mark.parametrize(
    "text",
    ["javascript:alert(1)", "weibo.com/x", "https://x.com/a\nftp://files.example.org"],
)
def test_social_links_other_than_web_addresses_are_refused(text):
    with pytest.raises(ValidationError):
        validate_social_links(text)


def test_social_links_one_per_line_are_accepted():
    assert validate_social_links("https://weibo.com/a\n\n  https://x.com/b  ") is None
