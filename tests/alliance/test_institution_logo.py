"""The logo beside an institution's name: the thumbnail made on upload and the logo itself in a
srcset with the files' true widths, in a box of fixed size. (The placeholder without a logo:
tests/config/test_site.py.)"""

from django.core.files.base import ContentFile

from core.models import Status
from tests.factories import image_bytes, make_institution
from tests.images import pictures, width_of


def test_institution_page_logo_offers_thumbnail_and_logo_at_their_true_widths(
    db, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    institution = make_institution(
        name_en="Durban International Film Festival", status=Status.PUBLISHED
    )
    institution.logo.save("logo.png", ContentFile(image_bytes(size=(480, 240))))

    (picture,) = pictures(client.get(institution.get_absolute_url()))

    thumbnail, logo = f"/media/{institution.logo_thumbnail.name}", f"/media/{institution.logo.name}"
    assert picture == {
        "src": thumbnail,
        "srcset": f"{thumbnail} 360w, {logo} 480w",
        "sizes": "(max-width: 40rem) 4.5rem, 10rem",
        "width": "160",
        "height": "160",
        "alt": "Logo of Durban International Film Festival",
        "loading": "lazy",
    }
    assert [width_of(tmp_path, url) for url in (thumbnail, logo)] == [360, 480]
