"""Membership managers decide applications in the admin: approval makes the institution (or
uses an existing one), the membership and an invitation in one transaction; rejection tells the
applicant why. No decision deletes an application."""

import datetime

import pytest
from django.urls import reverse

from alliance import services
from alliance.models import (
    ApplicationStatus,
    Institution,
    Membership,
    MembershipApplication,
    RepresentativeInvitation,
)
from tests.factories import (
    make_alliance,
    make_application,
    make_country,
    make_institution,
    make_membership,
    make_staff,
    make_user,
)

DECIDE_PERMISSIONS = ("view_membershipapplication", "change_membershipapplication")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def manager(db, client):
    user = make_staff(*DECIDE_PERMISSIONS)
    client.force_login(user)
    return user


@pytest.fixture
def application(db):
    alliance = make_alliance(name_en="Belt and Road Film Festival Alliance", status="published")
    recommender = make_institution(status="published")
    make_membership(institution=recommender, alliance=alliance)
    return make_application(
        alliance=alliance,
        name_en="Eurasia International Film Festival",
        name_zh="欧亚国际电影节",
        country="KZ",
        city_en="Almaty",
        recommended_by=recommender,
        contact_email="director@eurasia.example.kz",
        language="zh-hans",
    )


def decide(client, application, **data):
    url = reverse("admin:alliance_membershipapplication_change", args=[application.pk])
    return client.post(url, {"decision_reason": "", **data})


def test_changelist_shows_waiting_applications_by_default(client, manager, application):
    make_application(
        status=ApplicationStatus.REJECTED, decided_at="2025-01-01T00:00:00Z", decision_reason="No."
    )

    response = client.get(reverse("admin:alliance_membershipapplication_changelist"))

    assert list(response.context["cl"].result_list) == [application]


def test_change_page_shows_answers_and_decision_form(client, manager, application):
    application.answers.create(position=1, question_en="Standing?", answer="The main one.")

    response = client.get(
        reverse("admin:alliance_membershipapplication_change", args=[application.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The main one." in html
    assert 'name="decision"' in html


def test_approve_creates_institution_membership_and_invitation(
    client, manager, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, application, decision="approve", joined_on="2024-04-01")

    application.refresh_from_db()
    institution = application.institution
    membership = Membership.objects.get(institution=institution)
    invitation = RepresentativeInvitation.objects.get()
    assert response.status_code == 302
    assert (application.status, application.decided_by, application.membership) == (
        ApplicationStatus.APPROVED,
        manager,
        membership,
    )
    assert (institution.slug, institution.name_zh, institution.status) == (
        "eurasia-international-film-festival",
        "欧亚国际电影节",
        "published",
    )
    assert (institution.country.code, institution.country.continent) == ("KZ", "AS")
    assert (membership.alliance, membership.joined_on, membership.recommended_by) == (
        application.alliance,
        datetime.date(2024, 4, 1),
        application.recommended_by,
    )
    assert (invitation.email, invitation.institution, invitation.application) == (
        "director@eurasia.example.kz",
        institution,
        application,
    )
    assert mailoutbox[0].to == ["director@eurasia.example.kz"]
    assert "http://testserver/zh-hans/account/invitation/" in mailoutbox[0].body


def test_approve_for_existing_institution_reuses_it(client, manager, application):
    existing = make_institution(name_en="Eurasia IFF", country=make_country("KZ"))
    before = Institution.objects.count()

    decide(client, application, decision="approve", existing_institution=existing.pk)

    application.refresh_from_db()
    assert application.institution == existing
    assert Institution.objects.count() == before
    assert Membership.objects.get(institution=existing).joined_on is not None


def test_approve_existing_member_is_refused_with_message(client, manager, application):
    member = make_institution()
    make_membership(institution=member, alliance=application.alliance)

    response = decide(client, application, decision="approve", existing_institution=member.pk)

    application.refresh_from_db()
    assert response.context["adminform"].form.errors["existing_institution"] == [
        "This institution is already a member of the alliance."
    ]
    assert application.status == ApplicationStatus.PENDING


def test_approve_before_alliance_founding_is_refused(client, manager, application):
    response = decide(client, application, decision="approve", joined_on="2000-01-01")

    assert response.context["adminform"].form.errors["joined_on"] == [
        "The alliance was founded on 2018-06-16."
    ]
    assert Institution.objects.filter(name_en="Eurasia International Film Festival").count() == 0


def test_approve_is_one_transaction(application, monkeypatch):
    def failing_invite(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(services, "representative_invite", failing_invite)
    institutions = Institution.objects.count()

    with pytest.raises(RuntimeError):
        services.membership_application_approve(
            application=application,
            by=make_user(),
            joined_on=datetime.date(2024, 4, 1),
            origin="http://testserver",
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert Institution.objects.count() == institutions
    assert Membership.objects.filter(alliance=application.alliance).count() == 1


def test_approve_twice_is_refused(application):
    manager = make_user()
    services.membership_application_approve(
        application=application, by=manager, joined_on=datetime.date(2024, 4, 1), origin=""
    )

    with pytest.raises(Exception) as refused:
        services.membership_application_approve(
            application=application, by=manager, joined_on=datetime.date(2024, 4, 1), origin=""
        )

    assert refused.value.messages == ["This application has already been decided."]


def test_reject_needs_reason(client, manager, application):
    response = decide(client, application, decision="reject")

    application.refresh_from_db()
    assert response.context["adminform"].form.errors["decision_reason"] == [
        "Give the reason for the applicant."
    ]
    assert application.status == ApplicationStatus.PENDING


def test_reject_records_reason_and_tells_applicant(
    client, manager, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, application, decision="reject", decision_reason="Please apply next year.")

    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        ApplicationStatus.REJECTED,
        "Please apply next year.",
    )
    assert MembershipApplication.objects.count() == 1
    assert mailoutbox[0].to == ["director@eurasia.example.kz"]
    assert "Please apply next year." in mailoutbox[0].body


def test_decided_application_is_read_only(client, manager, application):
    decide(client, application, decision="reject", decision_reason="No.")

    again = decide(client, application, decision="approve")

    application.refresh_from_db()
    assert again.status_code == 403
    assert application.status == ApplicationStatus.REJECTED


def test_application_cannot_be_deleted_even_by_superuser(client, application):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:alliance_membershipapplication_delete", args=[application.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert MembershipApplication.objects.count() == 1


def test_staff_without_permission_cannot_decide(client, application):
    client.force_login(make_staff("view_profilechange"))

    response = decide(client, application, decision="reject", decision_reason="No.")

    application.refresh_from_db()
    assert response.status_code == 403
    assert application.status == ApplicationStatus.PENDING


@pytest.mark.parametrize("rows", [1, 3])
def test_changelist_queries_do_not_grow_with_rows(
    client, manager, application, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        make_application(alliance=application.alliance)

    with django_assert_num_queries(10):
        response = client.get(reverse("admin:alliance_membershipapplication_changelist"))

    assert response.context["cl"].result_count == rows


def test_decision_ignores_extra_posted_fields(client, manager, application):
    other = make_institution()
    extra = {
        "status": ApplicationStatus.APPROVED,
        "institution": other.pk,
        "name_en": "Injected",
        "contact_email": "attacker@example.org",
        "slug": "x",
        "country": "US",
        "is_staff": "on",
    }

    decide(client, application, decision="reject", decision_reason="Not yet.", **extra)

    application.refresh_from_db()
    assert (application.status, application.institution, application.name_en) == (
        ApplicationStatus.REJECTED,
        None,
        "Eurasia International Film Festival",
    )
    assert (application.contact_email, application.country.code) == (
        "director@eurasia.example.kz",
        "KZ",
    )
