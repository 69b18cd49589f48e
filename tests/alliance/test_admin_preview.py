"""Draft preview of alliances and institutions: staff who may see them get the page with the
banner, everyone else a 404."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_alliance, make_institution, make_user

pytestmark = pytest.mark.django_db


def staff(client, role):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    client.force_login(user)


@pytest.mark.parametrize(
    "make, url",
    [
        (lambda: make_alliance(slug="draft-alliance"), "/en/alliances/draft-alliance/"),
        (lambda: make_institution(slug="draft-festival"), "/en/institutions/draft-festival/"),
    ],
)
def test_membership_manager_previews_draft_alliance_and_institution(client, make, url):
    make()
    staff(client, "Membership managers")

    response = client.get(url)

    assert (response.status_code, response.context["draft_preview"]) == (200, True)
    assert "Draft, visible to staff only." in response.content.decode()


@pytest.mark.parametrize(
    "make, url",
    [
        (lambda: make_alliance(slug="draft-alliance"), "/en/alliances/draft-alliance/"),
        (lambda: make_institution(slug="draft-festival"), "/en/institutions/draft-festival/"),
    ],
)
def test_anonymous_visitor_gets_404_for_draft_alliance_and_institution(client, make, url):
    make()

    response = client.get(url)

    assert response.status_code == 404
