"""Draft preview: signed-in staff who may see films, people or film weeks in the back office
see a draft's public page under a "draft, visible to staff only" banner; everyone else,
staff without that permission included, gets a 404."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_film, make_film_week, make_person, make_user

pytestmark = pytest.mark.django_db

BANNER = "Draft, visible to staff only."


def signed_in(client, role=None, **kw):
    user = make_user(is_staff=True, **kw)
    if role:
        user.groups.set([Group.objects.get(name=role)])
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "make, url",
    [
        (lambda: make_film(slug="draft-film"), "/en/films/draft-film/"),
        (lambda: make_person(slug="draft-person"), "/en/people/draft-person/"),
        (lambda: make_film_week(slug="draft-week"), "/en/film-weeks/draft-week/"),
    ],
)
def test_editor_previews_a_draft_under_the_banner(client, make, url):
    record = make()
    signed_in(client, "Editors")

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["draft_preview"] is True
    assert response.context["draft_edit_url"] == (
        f"/admin/filmweek/{record._meta.model_name}/{record.pk}/change/"
    )
    assert BANNER in response.content.decode()


def test_chinese_page_of_a_draft_shows_the_banner_too(client):
    make_film(slug="draft-film")
    signed_in(client, "Viewers")

    response = client.get("/zh-hans/films/draft-film/")

    assert response.status_code == 200
    assert response.context["draft_preview"] is True


def test_published_film_has_no_banner_for_staff(client):
    make_film(slug="public-film", status="published")
    signed_in(client, "Editors")

    response = client.get("/en/films/public-film/")

    assert "draft_preview" not in response.context
    assert BANNER not in response.content.decode()


def test_anonymous_visitor_gets_404_for_a_draft(client):
    make_film(slug="draft-film")

    response = client.get("/en/films/draft-film/")

    assert response.status_code == 404


def test_staff_without_film_permission_gets_404_for_a_draft(client):
    make_film(slug="draft-film")
    signed_in(client, "Membership managers")

    response = client.get("/en/films/draft-film/")

    assert response.status_code == 404


def test_signed_in_non_staff_user_gets_404_for_a_draft(client):
    make_person(slug="draft-person")
    client.force_login(make_user(is_staff=False))

    response = client.get("/en/people/draft-person/")

    assert response.status_code == 404


def test_preview_does_not_show_draft_credits_of_a_draft_film(client):
    film = make_film(slug="draft-film", title_en="Draft Film")
    hidden = make_person(name_en="Hidden Person")
    film.credits.create(person=hidden, role="director")
    signed_in(client, "Editors")

    response = client.get("/en/films/draft-film/")

    assert list(response.context["film"].credits.all()) == []
