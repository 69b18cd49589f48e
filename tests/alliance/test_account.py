"""Signing in and out, throttling, `next` that never leaves the site, passwords, and accepting
a representative invitation."""

import datetime
import re
from urllib.parse import urljoin, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alliance import services
from alliance.models import Representative, RepresentativeInvitation
from tests.factories import make_institution, make_invitation, make_representative, make_user

PASSWORD = "a-long-enough-password-42"
NEW_PASSWORD = "another-long-password-77"
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    user = make_user(username="rep@example.org", email="rep@example.org", password=PASSWORD)
    return make_representative(user=user)


def sign_in(client, username, password, **extra):
    return client.post(
        reverse("account-sign-in"), {"username": username, "password": password}, **extra
    )


def test_sign_in_page_shows_form(client, db):
    response = client.get(reverse("account-sign-in"))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["username", "password"]


def test_sign_in_with_right_password_goes_to_account(client, member):
    response = sign_in(client, "rep@example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/en/account/"
    assert client.session["_auth_user_id"] == str(member.user.pk)


def test_sign_in_with_wrong_password_shows_error(client, member):
    response = sign_in(client, "rep@example.org", "wrong")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]


def test_sign_in_after_five_failures_is_locked_with_message(client, member):
    statuses = [sign_in(client, "rep@example.org", f"wrong-{n}").status_code for n in range(4)]

    fifth = sign_in(client, "rep@example.org", "wrong-5")
    right = sign_in(client, "rep@example.org", PASSWORD)

    assert statuses == [200, 200, 200, 200]
    assert (fifth.status_code, right.status_code) == (429, 429)
    assert "locked for 30 minutes" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_lockout_is_per_username_and_address(client, member, db):
    other = make_user(username="other@example.org", password=PASSWORD)
    for n in range(5):
        sign_in(client, "rep@example.org", f"wrong-{n}")

    other_user = sign_in(client, "other@example.org", PASSWORD)
    client.logout()
    other_address = sign_in(client, "rep@example.org", PASSWORD, REMOTE_ADDR="10.0.0.9")

    assert (other_user.status_code, other_address.status_code) == (302, 302)
    assert client.session["_auth_user_id"] == str(member.user.pk)
    assert other.pk != member.user.pk


def test_sign_in_works_again_after_30_minutes(client, member):
    for n in range(5):
        sign_in(client, "rep@example.org", f"wrong-{n}")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))

    response = sign_in(client, "rep@example.org", PASSWORD)

    assert response.status_code == 302


def test_sign_out_needs_post_and_ends_session(client, member):
    client.force_login(member.user)

    refused = client.get(reverse("account-sign-out"))
    response = client.post(reverse("account-sign-out"))

    assert refused.status_code == 405
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert "_auth_user_id" not in client.session


HOSTILE_NEXT = [
    "//evil.com",
    "///evil.com",
    "////evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "/\\/evil.com",
    "/\t/evil.com",
    "\t//evil.com",
    " //evil.com",
    "https:evil.com",
    "http:evil.com",
    "https://evil.com",
    "http://evil.com/en/account/",
    "HTTPS://EVIL.COM",
    "ftp://evil.com",
    "http://testserver@evil.com",
    "https://evil.com\\@testserver",
    "http://evil.com#@testserver",
    "//testserver.evil.com",
    "http://[::1]@evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.com",
    "%2f%5cevil.com",
    "\r\nLocation: http://evil.com",
    "\u3031evil.com",
]


def stays_on_site(location, base):
    """Whether a browser following `location` from `base` stays on testserver: browsers drop
    tabs and newlines and read backslashes as slashes before resolving a relative URL."""
    cleaned = re.sub(r"[\t\r\n]", "", location).strip().replace("\\", "/")
    target = urlsplit(urljoin(base, cleaned))
    return target.scheme in ("http", "https") and target.netloc == "testserver"


def test_hostile_next_list_holds_thirty_values():
    assert len(set(HOSTILE_NEXT)) == 30


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_sign_in_with_hostile_next_stays_on_site(client, member, next_url):
    url = reverse("account-sign-in")

    page = client.get(url, {"next": next_url})
    response = client.post(
        url, {"username": "rep@example.org", "password": PASSWORD, "next": next_url}
    )

    assert page.context["next"] == ""
    assert response.status_code == 302
    assert stays_on_site(response["Location"], SITE + url)


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_signed_in_visit_with_hostile_next_stays_on_site(client, member, next_url):
    client.force_login(member.user)
    url = reverse("account-sign-in")

    response = client.get(url, {"next": next_url})

    assert response.status_code == 302
    assert stays_on_site(response["Location"], SITE + url)


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_sign_out_with_hostile_next_stays_on_site(client, member, next_url):
    client.force_login(member.user)
    url = reverse("account-sign-out")

    response = client.post(url, {"next": next_url})

    assert response.status_code == 302
    assert stays_on_site(response["Location"], SITE + url)


def test_sign_in_with_safe_next_follows_it(client, member):
    response = client.post(
        reverse("account-sign-in"),
        {"username": "rep@example.org", "password": PASSWORD, "next": "/en/members/"},
    )

    assert response["Location"] == "/en/members/"


def test_account_pages_ask_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("account-institution"))

    assert response.status_code == 302
    assert response["Location"] == "/en/account/sign-in/?next=/en/account/institution/"


def test_account_home_names_represented_institution(client, member):
    client.force_login(member.user)

    response = client.get(reverse("account-home"))

    assert response.context["institution"] == member.institution


def test_account_home_of_user_without_institution_says_so(client, db):
    client.force_login(make_user())

    response = client.get(reverse("account-home"))

    assert response.status_code == 200
    assert response.context["institution"] is None


def test_password_change_with_old_password_sets_new_one(client, member):
    client.force_login(member.user)

    response = client.post(
        reverse("account-password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    member.user.refresh_from_db()
    assert response["Location"] == "/en/account/password/changed/"
    assert member.user.check_password(NEW_PASSWORD)


def test_password_reset_by_email_sets_new_password(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-password-reset"), {"email": member.user.email})
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    reused = client.get(link)

    member.user.refresh_from_db()
    assert mailoutbox[0].to == ["rep@example.org"]
    assert done["Location"] == "/en/account/password-reset/done/"
    assert member.user.check_password(NEW_PASSWORD)
    assert reused.context["validlink"] is False


def test_password_reset_for_unknown_address_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("account-password-reset"), {"email": "nobody@example.org"})

    assert response["Location"] == "/en/account/password-reset/sent/"
    assert mailoutbox == []


def test_password_reset_is_rate_limited_per_address(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("account-password-reset")

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post(url, {"email": member.user.email}).status_code for _ in range(6)]
        other = client.post(url, {"email": member.user.email}, REMOTE_ADDR="10.9.8.7")

    assert statuses == [302] * 5 + [429]
    assert other.status_code == 302
    assert len(mailoutbox) == 6


# Invitations ---------------------------------------------------------------------------------


def invitation_link(invitation):
    return reverse("account-invitation", args=[services.invitation_token(invitation)])


def accept(client, link, password=PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_invite_sends_one_time_link_by_email(db, mailoutbox, django_capture_on_commit_callbacks):
    institution = make_institution(name_en="Durban International Film Festival")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.representative_invite(
            email="Film@Example.org", institution=institution, by=None, origin=SITE
        )

    assert invitation.email == "film@example.org"
    assert mailoutbox[0].to == ["film@example.org"]
    assert mailoutbox[0].subject == (
        "Your invitation to represent Durban International Film Festival"
    )
    assert SITE + invitation_link(invitation) in mailoutbox[0].body


def test_invitation_accepted_creates_representative_and_signs_in(client, db):
    invitation = make_invitation(email="new@example.org")

    response = accept(client, invitation_link(invitation))

    invitation.refresh_from_db()
    representative = Representative.objects.get(user__username="new@example.org")
    assert response["Location"] == "/en/account/institution/"
    assert representative.institution == invitation.institution
    assert invitation.user == representative.user
    assert invitation.accepted_at is not None
    assert client.session["_auth_user_id"] == str(representative.user.pk)
    assert representative.user.check_password(PASSWORD)


def test_invitation_link_works_only_once(client, db):
    invitation = make_invitation()
    link = invitation_link(invitation)
    accept(client, link)
    client.logout()

    second = client.get(link)
    second_post = accept(client, link, NEW_PASSWORD)

    assert (second.status_code, second_post.status_code) == (404, 404)
    assert get_user_model().objects.count() == 1


def test_expired_invitation_link_is_refused(client, db):
    invitation = make_invitation()
    RepresentativeInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=9),
        expires_at=timezone.now() - datetime.timedelta(days=2),
    )

    response = accept(client, invitation_link(invitation))

    assert response.status_code == 404
    assert get_user_model().objects.count() == 0


def test_revoked_invitation_link_is_refused(client, db):
    invitation = make_invitation()
    services.representative_invitation_revoke(invitation=invitation)

    response = client.get(invitation_link(invitation))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJpZCI6MSwia2V5IjoiYSJ9:1tXyZa:forged-signature", "a" * 500, "%00"],
)
def test_forged_invitation_token_is_refused(client, db, token):
    make_invitation()

    response = client.get(reverse("account-invitation", args=[token]))

    assert response.status_code == 404


def test_invitation_token_with_old_key_is_refused(client, db):
    invitation = make_invitation()
    link = invitation_link(invitation)
    RepresentativeInvitation.objects.filter(pk=invitation.pk).update(key="0" * 32)

    response = client.get(link)

    assert response.status_code == 404


def test_invitation_with_weak_password_creates_nothing(client, db):
    invitation = make_invitation()

    response = accept(client, invitation_link(invitation), "12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    assert get_user_model().objects.count() == 0


def test_invitation_for_address_with_account_is_refused_with_message(client, db):
    make_user(username="taken@example.org", email="taken@example.org")
    invitation = make_invitation(email="taken@example.org")

    response = accept(client, invitation_link(invitation))

    assert response.context["form"].non_field_errors() == [
        "An account with this email address exists already. Ask the alliance staff to link "
        "it to your institution."
    ]
    assert Representative.objects.count() == 0


def test_invitation_accept_ignores_extra_posted_fields(client, db):
    invitation = make_invitation(email="new@example.org")
    other = make_institution()
    extra = {
        "username": "admin",
        "email": "attacker@example.org",
        "is_staff": "on",
        "is_superuser": "on",
        "institution": other.pk,
        "slug": "x",
        "status": "published",
        "country": "1",
    }

    client.post(
        invitation_link(invitation),
        {"new_password1": PASSWORD, "new_password2": PASSWORD, **extra},
    )

    user = get_user_model().objects.get()
    assert (user.username, user.email, user.is_staff, user.is_superuser) == (
        "new@example.org",
        "new@example.org",
        False,
        False,
    )
    assert user.representative.institution == invitation.institution
