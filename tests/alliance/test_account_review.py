"""Membership managers review profile changes in the admin (a field-by-field diff, approve or
reject with a comment) and invite representatives by email."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliance import diffs, services
from alliance.models import ProfileChange, RepresentativeInvitation, ReviewStatus
from core.uploads import process_logo
from tests.factories import (
    image_bytes,
    make_institution,
    make_invitation,
    make_representative,
    make_staff,
    make_user,
)

REVIEW_PERMISSIONS = ("view_profilechange", "change_profilechange")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def manager(db, client):
    user = make_staff(*REVIEW_PERMISSIONS, email="manager@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def member(db):
    institution = make_institution(
        name_en="Durban International Film Festival",
        status="published",
        description_en="Old description.",
        website="https://old.example.org",
    )
    return make_representative(institution=institution, user=make_user(email="rep@durban.example"))


def submit(member, logo=None, **values):
    profile = {field: getattr(member.institution, field) for field in diffs.PROFILE_FIELDS}
    return services.profile_change_submit(
        institution=member.institution,
        by=member.user,
        values={**profile, **values},
        logo=logo,
        origin="http://testserver",
    )


def change_url(change):
    return reverse("admin:alliance_profilechange_change", args=[change.pk])


def decide(client, change, decision, comment=""):
    return client.post(change_url(change), {"decision": decision, "review_comment": comment})


def test_changelist_shows_waiting_changes_by_default(client, manager, member):
    waiting = submit(member, description_en="New.")
    ProfileChange.objects.create(
        institution=make_institution(),
        status=ReviewStatus.APPROVED,
        reviewed_at="2025-01-01T00:00:00Z",
    )

    response = client.get(reverse("admin:alliance_profilechange_changelist"))

    assert list(response.context["cl"].result_list) == [waiting]


def test_change_page_shows_field_by_field_diff(client, manager, member):
    change = submit(member, description_en="New description.", city_en="Durban")

    response = client.get(change_url(change))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Old</del><ins>New</ins> description." in html
    assert '<tr class="changed"><th scope="row">City (English)</th><td></td><td>Durban</td>' in (
        html
    )
    assert '<tr class="unchanged"><th scope="row">Website</th>' in html


def test_change_page_shows_old_and_new_logo_side_by_side(client, manager, member):
    member.institution.logo = "logos/old.png"
    member.institution.save()
    logo = process_logo(SimpleUploadedFile("new.png", image_bytes()))
    change = submit(member, logo=logo)

    response = client.get(change_url(change))

    html = response.content.decode()
    assert '<img src="/media/logos/old.png" alt="" width="160">' in html
    assert f'<img src="/media/{change.logo_thumbnail.name}" alt="Proposed logo"' in html


def test_approve_publishes_change_and_records_history(
    client, manager, member, mailoutbox, django_capture_on_commit_callbacks
):
    logo = process_logo(SimpleUploadedFile("new.png", image_bytes()))
    change = submit(member, logo=logo, description_en="New description.")

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, change, "approve", "Thank you.")

    change.refresh_from_db()
    institution = change.institution
    institution.refresh_from_db()
    entry = LogEntry.objects.get(content_type__model="institution", object_id=str(institution.pk))
    assert response["Location"] == reverse("admin:alliance_profilechange_changelist")
    assert (change.status, change.reviewed_by, change.review_comment) == (
        ReviewStatus.APPROVED,
        manager,
        "Thank you.",
    )
    assert (institution.description_en, institution.logo.name) == (
        "New description.",
        change.logo.name,
    )
    assert change.previous["description_en"] == "Old description."
    assert entry.get_change_message() == "Changed description (English) and logo."
    assert [message.to for message in mailoutbox] == [["rep@durban.example"]]
    assert mailoutbox[0].subject == "Your profile changes are published"
    assert "Thank you." in mailoutbox[0].body


def test_approve_gives_the_institution_the_new_logos_sizes(client, manager, member):
    logo = process_logo(SimpleUploadedFile("new.png", image_bytes(size=(800, 400))))
    change = submit(member, logo=logo)

    decide(client, change, "approve", "")

    institution = member.institution
    institution.refresh_from_db()
    assert [
        (institution.logo_width, institution.logo_height),
        (institution.logo_thumbnail_width, institution.logo_thumbnail_height),
    ] == [(800, 400), (360, 180)]


def test_approved_change_appears_on_public_page(client, manager, member):
    change = submit(member, description_en="A brand new public description.")
    decide(client, change, "approve")

    response = client.get(member.institution.get_absolute_url())

    assert "A brand new public description." in response.content.decode()


def test_reject_needs_comment(client, manager, member):
    change = submit(member, description_en="New.")

    response = decide(client, change, "reject")

    change.refresh_from_db()
    assert response.context["adminform"].form.errors["review_comment"] == [
        "Say why the change is rejected."
    ]
    assert change.status == ReviewStatus.PENDING


def test_reject_leaves_public_profile_and_tells_representative(
    client, manager, member, mailoutbox, django_capture_on_commit_callbacks
):
    change = submit(member, description_en="New.")

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, change, "reject", "Please describe the festival, not the city.")

    change.refresh_from_db()
    member.institution.refresh_from_db()
    assert (change.status, change.review_comment) == (
        ReviewStatus.REJECTED,
        "Please describe the festival, not the city.",
    )
    assert member.institution.description_en == "Old description."
    assert mailoutbox[0].subject == "Your profile changes were not accepted"
    assert "Please describe the festival, not the city." in mailoutbox[0].body


def test_representative_sees_rejection_comment(client, manager, member):
    change = submit(member, description_en="New.")
    decide(client, change, "reject", "Too short.")
    client.force_login(member.user)

    response = client.get(reverse("account-change", args=[change.pk]))

    assert response.context["change"].review_comment == "Too short."
    assert "Too short." in response.content.decode()


def test_decided_change_is_read_only(client, manager, member):
    change = submit(member, description_en="New.")
    decide(client, change, "approve")

    page = client.get(change_url(change))
    again = decide(client, change, "reject", "Changed my mind.")

    change.refresh_from_db()
    assert 'name="decision"' not in page.content.decode()
    assert again.status_code == 403
    assert change.status == ReviewStatus.APPROVED


def test_staff_without_permission_cannot_review(client, member):
    client.force_login(make_staff())
    change = submit(member, description_en="New.")

    page = client.get(change_url(change))
    post = decide(client, change, "approve")

    change.refresh_from_db()
    assert (page.status_code, post.status_code) == (403, 403)
    assert change.status == ReviewStatus.PENDING


def test_profile_change_cannot_be_deleted(client, member):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    change = submit(member, description_en="New.")

    response = client.post(
        reverse("admin:alliance_profilechange_delete", args=[change.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert ProfileChange.objects.count() == 1


def test_text_diff_escapes_html():
    html = diffs.text_diff("<b>old</b>", "<script>alert(1)</script>")

    assert html == (
        "&lt;<del>b</del><ins>script</ins>&gt;<del>old</del><ins>alert(1)</ins>"
        "&lt;/<del>b</del><ins>script</ins>&gt;"
    )


def test_text_diff_compares_chinese_by_character():
    html = diffs.text_diff("上海国际电影节", "上海国际电影周")

    assert html == "上海国际电影<del>节</del><ins>周</ins>"


# Invitations from the admin ----------------------------------------------------------------


@pytest.fixture
def inviter(db, client):
    user = make_staff("add_representativeinvitation", "view_representativeinvitation")
    client.force_login(user)
    return user


def test_staff_invites_representative_by_email(
    client, inviter, mailoutbox, django_capture_on_commit_callbacks
):
    institution = make_institution(name_en="Durban International Film Festival")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:alliance_representativeinvitation_add"),
            {"email": "New.Rep@Example.org", "institution": institution.pk},
        )

    invitation = RepresentativeInvitation.objects.get()
    assert response.status_code == 302
    assert (invitation.email, invitation.institution, invitation.invited_by) == (
        "new.rep@example.org",
        institution,
        inviter,
    )
    assert mailoutbox[0].to == ["new.rep@example.org"]
    assert "http://testserver/en/account/invitation/" in mailoutbox[0].body


def test_staff_revokes_invitation(client, db):
    client.force_login(
        make_staff("change_representativeinvitation", "view_representativeinvitation")
    )
    invitation = make_invitation()

    client.post(
        reverse("admin:alliance_representativeinvitation_changelist"),
        {"action": "revoke_invitations", "_selected_action": [invitation.pk]},
    )

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.is_open is False


def test_staff_without_permission_cannot_invite(client, db):
    client.force_login(make_staff())
    institution = make_institution()

    response = client.post(
        reverse("admin:alliance_representativeinvitation_add"),
        {"email": "x@example.org", "institution": institution.pk},
    )

    assert response.status_code == 403
    assert RepresentativeInvitation.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_changelist_queries_do_not_grow_with_rows(client, manager, rows, django_assert_num_queries):
    for _ in range(rows):
        member = make_representative()
        submit(member, description_en="New.")

    with django_assert_num_queries(9):
        response = client.get(reverse("admin:alliance_profilechange_changelist"))

    assert response.context["cl"].result_count == rows


def test_review_ignores_extra_posted_fields(client, manager, member):
    change = submit(member, description_en="New.")
    other = make_institution()
    extra = {
        "status": ReviewStatus.APPROVED,
        "institution": other.pk,
        "description_en": "Injected.",
        "slug": "x",
        "country": "1",
        "is_staff": "on",
        "reviewed_by": "",
        "previous": "{}",
    }

    client.post(change_url(change), {"decision": "reject", "review_comment": "No.", **extra})

    change.refresh_from_db()
    member.institution.refresh_from_db()
    assert (change.status, change.institution, change.description_en, change.reviewed_by) == (
        ReviewStatus.REJECTED,
        member.institution,
        "New.",
        manager,
    )
    assert member.institution.description_en == "Old description."
