"""Staff issue API keys to member institutions in the admin, see each key once (in the message
after saving) and revoke keys."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from api import services
from api.models import ApiKey, key_digest
from core.models import Status
from tests.factories import make_film, make_institution, make_membership, make_user

pytestmark = pytest.mark.django_db
KEY = re.compile(r"[0-9a-f]{12}\.[A-Za-z0-9_-]{43}")


def issue_in_admin(client, institution, name="Festival website"):
    return client.post(
        reverse("admin:api_apikey_add"),
        {"institution": institution.pk, "name": name},
        follow=True,
    )


def test_api_key_admin_issue_shows_the_key_once(admin_client):
    member = make_membership().institution

    page = issue_in_admin(admin_client, member)
    again = admin_client.get(reverse("admin:api_apikey_change", args=[ApiKey.objects.get().pk]))

    shown = KEY.findall(page.content.decode())
    assert len(shown) == 1
    assert ApiKey.objects.get().digest == key_digest(shown[0])
    assert [again.status_code, KEY.findall(again.content.decode())] == [200, []]


def test_api_key_admin_issue_records_who_and_whose(admin_client):
    member = make_membership().institution

    issue_in_admin(admin_client, member, name="  Festival website ")

    api_key = ApiKey.objects.get()
    assert [api_key.institution, api_key.name, api_key.created_by.is_superuser] == [
        member,
        "Festival website",
        True,
    ]


def test_api_key_admin_issue_offers_only_current_members(admin_client):
    member = make_membership().institution
    make_membership(left_on="2024-01-01")
    make_institution()

    page = admin_client.get(reverse("admin:api_apikey_add"))

    choices = list(page.context["adminform"].form.fields["institution"].queryset)
    assert choices == [member]


def test_api_key_admin_issue_to_a_non_member_is_refused(admin_client):
    outsider = make_institution()

    issue_in_admin(admin_client, outsider)

    assert ApiKey.objects.count() == 0


def test_api_key_admin_revoke_action_makes_the_key_401(admin_client, client):
    make_film(slug="still-life", status=Status.PUBLISHED)
    api_key, key = services.api_key_issue(
        institution=make_institution(), name="Website", by=make_user()
    )

    response = admin_client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [api_key.pk]},
        follow=True,
    )

    api_key.refresh_from_db()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1 keys revoked: they now get 401."
    ]
    assert api_key.revoked_at is not None
    assert client.get("/api/v1/films/", headers={"X-API-Key": key}).status_code == 401


def test_api_key_admin_changelist_shows_prefix_and_use(admin_client):
    api_key, key = services.api_key_issue(
        institution=make_institution(name_en="Moscow IFF"), name="Website", by=make_user()
    )

    page = admin_client.get(reverse("admin:api_apikey_changelist"))

    text = page.content.decode()
    assert [api_key.prefix in text, "Moscow IFF" in text, key in text] == [True, True, False]


def test_api_key_admin_offers_no_delete(admin_client):
    api_key, _key = services.api_key_issue(
        institution=make_institution(), name="Website", by=make_user()
    )

    response = admin_client.get(reverse("admin:api_apikey_delete", args=[api_key.pk]))

    assert response.status_code == 403
