"""manage.py make_thumbnails: the thumbnails of images stored before the lists showed them."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from tests.factories import image_bytes, make_film, make_institution, make_person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media, name, content):
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(content)
    return name


def test_make_thumbnails_makes_the_missing_ones_only(db, media):
    film = make_film(poster=stored(media, "posters/old.png", image_bytes(size=(600, 900))))
    person = make_person(
        photo=stored(media, "people/old.jpg", image_bytes("JPEG", size=(480, 480)))
    )
    institution = make_institution(logo="logos/new.png", logo_thumbnail="logos/new-thumb.png")
    out = io.StringIO()

    call_command("make_thumbnails", stdout=out)

    film.refresh_from_db()
    person.refresh_from_db()
    institution.refresh_from_db()
    sizes = [
        Image.open(media / record.name).size
        for record in (film.poster_thumbnail, person.photo_thumbnail)
    ]
    assert (sizes, institution.logo_thumbnail.name) == (
        [(160, 240), (240, 240)],
        "logos/new-thumb.png",
    )
    assert out.getvalue() == "Thumbnails made: 2; images that could not be read: 0.\n"


def test_make_thumbnails_names_a_missing_or_broken_file_and_goes_on(db, media):
    broken = make_film(poster=stored(media, "posters/broken.png", b"\x89PNG\r\n\x1a\nnot a png"))
    gone = make_person(photo="people/gone.png")
    good = make_film(poster=stored(media, "posters/good.png", image_bytes(size=(300, 450))))
    out, err = io.StringIO(), io.StringIO()

    call_command("make_thumbnails", stdout=out, stderr=err)

    for record in (broken, gone, good):
        record.refresh_from_db()
    thumbnails = [broken.poster_thumbnail, gone.photo_thumbnail, good.poster_thumbnail]
    assert [bool(thumbnail) for thumbnail in thumbnails] == [False, False, True]
    assert out.getvalue() == "Thumbnails made: 1; images that could not be read: 2.\n"
    assert sorted(line.split(":")[1].strip() for line in err.getvalue().splitlines()) == [
        "people/gone.png",
        "posters/broken.png",
    ]
