"""The representative's edit of their own institution's public profile: it becomes a change
waiting for review, never a public one, and only touches the allowlisted fields."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from alliance.models import Institution, ProfileChange, ReviewStatus
from tests.factories import (
    image_bytes,
    make_country,
    make_institution,
    make_profile_change,
    make_representative,
    make_staff,
    make_user,
)

PROFILE = {
    "description_en": "A festival of films from the Belt and Road countries.",
    "description_zh": "一带一路国家电影节。",
    "city_en": "Durban",
    "city_zh": "德班",
    "website": "https://www.durbanfilmfest.co.za",
    "contact_email": "info@durbanfilmfest.co.za",
    "social_links": "https://www.instagram.com/durbanfilmfest\nhttps://weibo.com/durban",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def member(db, client):
    institution = make_institution(
        slug="durban-iff",
        name_en="Durban International Film Festival",
        status="published",
        country=make_country("ZA", continent="AF"),
        description_en="Old description.",
    )
    representative = make_representative(
        institution=institution, user=make_user(email="rep@durban.example")
    )
    client.force_login(representative.user)
    return representative


def post_profile(client, **changes):
    return client.post(reverse("account-institution"), {**PROFILE, **changes})


def test_profile_page_shows_own_institution_values(client, member):
    response = client.get(reverse("account-institution"))

    assert response.status_code == 200
    assert response.context["institution"] == member.institution
    assert response.context["form"].initial["description_en"] == "Old description."


def test_profile_form_lists_only_allowlisted_fields(client, member):
    response = client.get(reverse("account-institution"))

    assert list(response.context["form"].fields) == [
        "description_en",
        "description_zh",
        "city_en",
        "city_zh",
        "website",
        "contact_email",
        "social_links",
        "logo",
    ]


def test_profile_edit_becomes_pending_change_not_public(client, member):
    response = post_profile(client)

    change = ProfileChange.objects.get()
    member.institution.refresh_from_db()
    assert response["Location"] == f"/en/account/institution/changes/{change.pk}/"
    assert (change.status, change.institution, change.submitted_by) == (
        ReviewStatus.PENDING,
        member.institution,
        member.user,
    )
    assert {field: getattr(change, field) for field in PROFILE} == PROFILE
    assert member.institution.description_en == "Old description."


def test_profile_edit_emails_membership_managers(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    make_staff("change_profilechange", email="manager@example.org")
    make_staff(email="other-staff@example.org")
    make_user(is_staff=True, is_superuser=True, email="root@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        post_profile(client)

    change = ProfileChange.objects.get()
    assert sorted(message.to[0] for message in mailoutbox) == [
        "manager@example.org",
        "root@example.org",
    ]
    assert mailoutbox[0].subject == ("Profile change to review: Durban International Film Festival")
    assert f"http://testserver/admin/alliance/profilechange/{change.pk}/change/" in (
        mailoutbox[0].body
    )


def test_profile_edit_ignores_extra_posted_fields(client, member):
    other = make_institution(status="published")
    extra = {
        "slug": "hijacked",
        "status": "draft",
        "country": make_country("US", continent="NA").pk,
        "institution": other.pk,
        "is_staff": "on",
        "is_superuser": "on",
        "name_en": "Renamed",
        "submitted_by": "",
        "reviewed_by": member.user.pk,
        "previous": "{}",
    }

    post_profile(client, **extra)

    change = ProfileChange.objects.get()
    institution = Institution.objects.get(pk=member.institution.pk)
    user = get_user_model().objects.get(pk=member.user.pk)
    assert (change.institution, change.status, change.reviewed_by) == (
        member.institution,
        ReviewStatus.PENDING,
        None,
    )
    assert (institution.slug, institution.status, institution.name_en) == (
        "durban-iff",
        "published",
        "Durban International Film Festival",
    )
    assert institution.country.code == "ZA"
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert other.profile_changes.count() == 0


def test_profile_edit_without_change_is_refused(client, member):
    response = client.post(reverse("account-institution"), {"description_en": "Old description."})

    assert response.context["form"].non_field_errors() == [
        "This is the public profile as it stands: change something before sending it."
    ]
    assert ProfileChange.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("contact_email", "not-an-address", "Enter a valid email address."),
        (
            "social_links",
            "https://weibo.com/x\njavascript:alert(1)",
            "“javascript:alert(1)” is not a web address starting with https://.",
        ),
        ("social_links", "\n".join(f"https://x.com/{n}" for n in range(9)), None),
    ],
    ids=["website-javascript", "email", "social-javascript", "social-too-many"],
)
def test_profile_edit_with_bad_value_shows_message(client, member, field, value, message):
    response = post_profile(client, **{field: value})

    errors = response.context["form"].errors[field]
    assert errors == [message or "Give at most 8 addresses."]
    assert ProfileChange.objects.count() == 0


def test_second_edit_replaces_waiting_one_and_keeps_its_logo(client, member):
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG"))
    post_profile(client, logo=logo)
    first = ProfileChange.objects.get()

    post_profile(client, description_en="Second version.")

    first.refresh_from_db()
    second = ProfileChange.objects.get(status=ReviewStatus.PENDING)
    assert first.status == ReviewStatus.SUPERSEDED
    assert (second.description_en, second.logo.name) == ("Second version.", first.logo.name)


def test_profile_page_shows_waiting_change_values(client, member):
    post_profile(client, description_en="Waiting text.")

    response = client.get(reverse("account-institution"))

    assert response.context["pending"] == ProfileChange.objects.get()
    assert response.context["form"].initial["description_en"] == "Waiting text."


def test_profile_page_shows_rejection_comment(client, member):
    make_profile_change(
        institution=member.institution,
        status=ReviewStatus.REJECTED,
        reviewed_at="2025-01-01T10:00:00Z",
        review_comment="Please write the description in full sentences.",
    )

    response = client.get(reverse("account-institution"))

    assert "Please write the description in full sentences." in response.content.decode()
    assert response.context["last_decided"].status == ReviewStatus.REJECTED


def test_change_page_shows_word_diff_of_description(client, member):
    post_profile(client, description_en="New description.")
    change = ProfileChange.objects.get()

    response = client.get(reverse("account-change", args=[change.pk]))

    row = next(row for row in response.context["rows"] if row.field == "description_en")
    assert str(row.diff) == "<del>Old</del><ins>New</ins> description."


def test_change_of_other_institution_is_404(client, member):
    foreign = make_profile_change()

    page = client.get(reverse("account-change", args=[foreign.pk]))
    withdraw = client.post(reverse("account-change-withdraw", args=[foreign.pk]))

    foreign.refresh_from_db()
    assert (page.status_code, withdraw.status_code) == (404, 404)
    assert foreign.status == ReviewStatus.PENDING


def test_withdraw_own_waiting_change(client, member):
    change = make_profile_change(institution=member.institution)

    response = client.post(reverse("account-change-withdraw", args=[change.pk]))

    change.refresh_from_db()
    assert response["Location"] == "/en/account/institution/"
    assert change.status == ReviewStatus.WITHDRAWN


def test_profile_page_of_user_without_institution_is_404(client, db):
    client.force_login(make_user())

    assert client.get(reverse("account-institution")).status_code == 404


def test_staff_without_institution_cannot_post_profile(client, db):
    client.force_login(make_staff("change_profilechange"))

    response = client.post(reverse("account-institution"), PROFILE)

    assert response.status_code == 404
    assert ProfileChange.objects.count() == 0


def test_profile_post_without_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)

    response = client.post(reverse("account-institution"), PROFILE)

    assert response.status_code == 403
    assert ProfileChange.objects.count() == 0


def test_profile_post_with_csrf_token_is_accepted(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    page = client.get(reverse("account-institution"))
    token = page.context["csrf_token"]

    response = client.post(
        reverse("account-institution"), {**PROFILE, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert ProfileChange.objects.count() == 1


@pytest.mark.parametrize("changes", [1, 3])
def test_account_home_queries_do_not_grow_with_changes(
    client, member, changes, django_assert_num_queries
):
    for number in range(changes):
        make_profile_change(
            institution=member.institution,
            status=ReviewStatus.WITHDRAWN,
            description_en=f"Version {number}.",
        )

    with django_assert_num_queries(5):
        response = client.get(reverse("account-home"))

    assert len(response.context["changes"]) == changes
