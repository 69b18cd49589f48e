"""The thumbnail of an image field with a `thumbnail_field` (a film's poster, a person's photo,
an institution's logo): made through the upload policy when the image is saved, at most 240
pixels a side, and emptied when the image is removed."""

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core.uploads import THUMBNAIL_SIDE
from tests.factories import image_bytes, make_film, make_film_week, make_institution, make_person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("make", "field", "thumbnail_field"),
    [
        (make_film, "poster", "poster_thumbnail"),
        (make_person, "photo", "photo_thumbnail"),
        (make_institution, "logo", "logo_thumbnail"),
    ],
)
def test_image_saved_makes_its_thumbnail_at_240_pixels(db, media, make, field, thumbnail_field):
    record = make()

    getattr(record, field).save("big.png", ContentFile(image_bytes(size=(800, 1200))))

    record.refresh_from_db()
    thumbnail = Image.open(media / getattr(record, thumbnail_field).name)
    assert (thumbnail.format, thumbnail.size) == ("PNG", (160, THUMBNAIL_SIDE))
    assert Image.open(media / getattr(record, field).name).size == (800, 1200)


def test_image_replaced_gets_a_new_thumbnail(db, media):
    film = make_film()
    film.poster.save("first.png", ContentFile(image_bytes(size=(600, 900))))
    first = film.poster_thumbnail.name

    film.poster.save("second.jpg", ContentFile(image_bytes("JPEG", size=(900, 600))))

    film.refresh_from_db()
    assert film.poster_thumbnail.name != first
    assert Image.open(media / film.poster_thumbnail.name).size == (240, 160)


def test_image_removed_empties_its_thumbnail(db, media):
    person = make_person()
    person.photo.save("photo.png", ContentFile(image_bytes(size=(300, 300))))

    person.photo = ""
    person.save()

    person.refresh_from_db()
    assert (person.photo.name, person.photo_thumbnail.name) == ("", "")


def test_image_field_without_thumbnail_field_stores_the_image_alone(db, media):
    film_week = make_film_week()

    film_week.poster.save("poster.png", ContentFile(image_bytes(size=(300, 450))))

    assert [path.name for path in media.rglob("*") if path.is_file()] == [
        film_week.poster.name.rsplit("/", 1)[-1]
    ]
