"""Logos in the member directory: the thumbnail made on upload, lazy and sized; nothing without
a logo; a file gone is no error; the number of queries unchanged."""

import pytest
from django.core.files.base import ContentFile

from core.models import Status
from tests.factories import image_bytes, make_alliance, make_institution, make_membership
from tests.images import pictures

PUBLISHED = {"status": Status.PUBLISHED}
MEMBERS = "/en/members/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def alliance(db):
    return make_alliance(**PUBLISHED)


def logos(response):
    """(src, srcset, width, height, loading) of each list picture of a page, in order."""
    return [
        tuple(picture[name] for name in ("src", "srcset", "width", "height", "loading"))
        for picture in pictures(response, "list-thumbnail")
    ]


def member(alliance, name, logo=True):
    institution = make_institution(name_en=name, **PUBLISHED)
    if logo:
        institution.logo.save("logo.png", ContentFile(image_bytes(size=(480, 240))))
    make_membership(institution=institution, alliance=alliance)
    return institution


def test_member_list_shows_the_logo_thumbnail_of_members_with_one(client, alliance, media):
    with_logo = member(alliance, "A Festival")
    member(alliance, "B Festival", logo=False)

    response = client.get(MEMBERS)

    thumbnail, logo = f"/media/{with_logo.logo_thumbnail.name}", f"/media/{with_logo.logo.name}"
    assert logos(response) == [(thumbnail, f"{thumbnail} 360w, {logo} 480w", "48", "48", "lazy")]


def test_member_list_logo_files_gone_still_gets_the_page(client, alliance, media):
    institution = member(alliance, "A Festival")
    (media / institution.logo.name).unlink()
    (media / institution.logo_thumbnail.name).unlink()

    response = client.get("/zh-hans/members/")

    assert (response.status_code, len(logos(response))) == (200, 1)


@pytest.mark.parametrize("rows", [1, 3])
def test_member_list_with_logos_queries_same_for_1_and_3_rows(
    client, alliance, media, django_assert_num_queries, rows
):
    for number in range(rows):
        member(alliance, f"Festival {number}")

    # As without logos: the members' (alliance, country, year), their alliances' names, the
    # count, the partial dates' note, the rows and the counts of six choices and one flag.
    with django_assert_num_queries(12):
        response = client.get(MEMBERS)

    assert len(logos(response)) == rows
