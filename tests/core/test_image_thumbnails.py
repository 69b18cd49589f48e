"""The thumbnail of an image field with a `thumbnail_field` (a film's poster, a person's photo,
an institution's logo): made through the upload policy when the image is saved, at most 360
pixels a side, and emptied when the image is removed. Each image keeps its size in pixels,
set with its file and never read when a record is loaded."""

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core.uploads import THUMBNAIL_SIDE
from filmweek.models import Film
from tests.factories import image_bytes, make_film, make_film_week, make_institution, make_person

WITH_THUMBNAILS = [
    (make_film, "poster", "poster_thumbnail"),
    (make_person, "photo", "photo_thumbnail"),
    (make_institution, "logo", "logo_thumbnail"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def sizes(record, *fields):
    """(width, height) kept in the record's columns for each image field."""
    return [
        (getattr(record, f"{field}_width"), getattr(record, f"{field}_height")) for field in fields
    ]


def stored(media, name, content):
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(content)
    return name


@pytest.mark.parametrize(("make", "field", "thumbnail_field"), WITH_THUMBNAILS)
def test_image_saved_makes_its_thumbnail_at_360_pixels(db, media, make, field, thumbnail_field):
    record = make()

    getattr(record, field).save("big.png", ContentFile(image_bytes(size=(800, 1200))))

    record.refresh_from_db()
    thumbnail = Image.open(media / getattr(record, thumbnail_field).name)
    assert (thumbnail.format, thumbnail.size) == ("PNG", (240, THUMBNAIL_SIDE))
    assert Image.open(media / getattr(record, field).name).size == (800, 1200)


@pytest.mark.parametrize(("make", "field", "thumbnail_field"), WITH_THUMBNAILS)
def test_image_saved_stores_its_size_and_its_thumbnails(db, media, make, field, thumbnail_field):
    record = make()

    getattr(record, field).save("big.png", ContentFile(image_bytes(size=(800, 1200))))

    record.refresh_from_db()
    assert sizes(record, field, thumbnail_field) == [(800, 1200), (240, 360)]


def test_image_replaced_gets_a_new_thumbnail_and_sizes(db, media):
    film = make_film()
    film.poster.save("first.png", ContentFile(image_bytes(size=(600, 900))))
    first = film.poster_thumbnail.name

    film.poster.save("second.jpg", ContentFile(image_bytes("JPEG", size=(900, 600))))

    film.refresh_from_db()
    assert film.poster_thumbnail.name != first
    assert Image.open(media / film.poster_thumbnail.name).size == (360, 240)
    assert sizes(film, "poster", "poster_thumbnail") == [(900, 600), (360, 240)]


def test_image_removed_empties_its_thumbnail_and_sizes(db, media):
    person = make_person()
    person.photo.save("photo.png", ContentFile(image_bytes(size=(300, 300))))

    person.photo = ""
    person.save()

    person.refresh_from_db()
    assert (person.photo.name, person.photo_thumbnail.name) == ("", "")
    assert sizes(person, "photo", "photo_thumbnail") == [(None, None), (None, None)]


def test_image_field_without_thumbnail_field_stores_the_image_alone(db, media):
    film_week = make_film_week()

    film_week.poster.save("poster.png", ContentFile(image_bytes(size=(300, 450))))

    film_week.refresh_from_db()
    assert [path.name for path in media.rglob("*") if path.is_file()] == [
        film_week.poster.name.rsplit("/", 1)[-1]
    ]
    assert sizes(film_week, "poster") == [(300, 450)]


def test_image_named_to_the_constructor_gets_its_size_on_save(db, media):
    """As a service does when it copies a stored file's name to another record."""
    name = stored(media, "logos/copied.png", image_bytes(size=(480, 240)))

    institution = make_institution(logo=name)

    institution.refresh_from_db()
    assert sizes(institution, "logo") == [(480, 240)]


def test_image_name_assigned_takes_the_size_of_its_file(db, media):
    institution = make_institution()
    institution.logo.save("first.png", ContentFile(image_bytes(size=(300, 300))))

    institution.logo = stored(media, "logos/approved.png", image_bytes(size=(200, 100)))
    institution.save()

    institution.refresh_from_db()
    assert sizes(institution, "logo") == [(200, 100)]


def test_image_named_whose_file_is_gone_is_saved_without_size(db, media):
    film = make_film(poster="posters/gone.png")

    film.refresh_from_db()
    assert (film.poster.name, sizes(film, "poster")) == ("posters/gone.png", [(None, None)])


def test_record_loaded_reads_no_file_and_no_deferred_size(db, media, django_assert_num_queries):
    """Django's ImageField reads the file of a row without sizes when it is loaded, and asks
    for size columns left out by only(): a list would open files and query once per row."""
    film = make_film(poster="posters/gone.png")

    with django_assert_num_queries(1):
        loaded = Film.objects.only("poster").get(pk=film.pk)

    assert loaded.poster.name == "posters/gone.png"
