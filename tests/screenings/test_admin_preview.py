"""Draft preview of venues and tours: staff who may see them get the page with the banner,
everyone else a 404."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_tour, make_user, make_venue

pytestmark = pytest.mark.django_db


def editor(client):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name="Editors")])
    client.force_login(user)


@pytest.mark.parametrize(
    "make, url",
    [
        (lambda: make_venue(slug="draft-venue"), "/en/venues/draft-venue/"),
        (lambda: make_tour(slug="draft-tour"), "/en/tours/draft-tour/"),
    ],
)
def test_editor_previews_draft_venue_and_tour(client, make, url):
    make()
    editor(client)

    response = client.get(url)

    assert (response.status_code, response.context["draft_preview"]) == (200, True)


@pytest.mark.parametrize(
    "make, url",
    [
        (lambda: make_venue(slug="draft-venue"), "/en/venues/draft-venue/"),
        (lambda: make_tour(slug="draft-tour"), "/en/tours/draft-tour/"),
    ],
)
def test_anonymous_visitor_gets_404_for_draft_venue_and_tour(client, make, url):
    make()

    response = client.get(url)

    assert response.status_code == 404
