"""An institution's logo sent by staff in the admin goes through the upload policy of every
image (core.uploads): refused when hostile, otherwise stored re-encoded under a server-made
name, and the thumbnail of the logo it replaces is no longer shown."""

import re

import pytest
from PIL import Image

from alliance.models import Institution
from tests.admin_forms import post_with_file
from tests.factories import image_bytes, make_institution
from tests.images import HOSTILE_IMAGES, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_admin_institution_logo_refuses_png_with_script(admin_client, media):
    name, content, message = HOSTILE_IMAGES["png-with-script-text-chunk"]
    institution = make_institution()

    response = post_with_file(admin_client, institution, "logo", content, name)

    assert response.context["adminform"].form.errors == {"logo": [message]}
    assert stored_files(media) == []


def test_admin_institution_logo_is_reencoded_and_replaces_the_old_thumbnail(admin_client, media):
    institution = make_institution(logo="logos/old.png", logo_thumbnail="logos/old-thumb.png")

    response = post_with_file(
        admin_client, institution, "logo", image_bytes("PNG", size=(1600, 800)), "logo.png"
    )

    assert response.status_code == 302
    institution = Institution.objects.get(pk=institution.pk)
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", institution.logo.name)
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", institution.logo_thumbnail.name)
    assert Image.open(media / institution.logo.name).size == (1200, 600)
    assert Image.open(media / institution.logo_thumbnail.name).size == (360, 180)
    assert (institution.logo_width, institution.logo_thumbnail_width) == (1200, 360)
