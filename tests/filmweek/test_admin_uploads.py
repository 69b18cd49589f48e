"""Images sent by staff in the admin (a person's photo, a film's and a film week's poster) go
through the same upload policy as the self-service logos: hostile files are refused beside the
field and leave nothing stored; a good one is stored re-encoded, without EXIF or GPS, under a
name the server made up, with the thumbnail the lists show beside the photo and the film's
poster."""

import re

import pytest
from PIL import ExifTags, Image

from filmweek.models import Person
from tests.admin_forms import post_with_file
from tests.factories import make_film, make_film_week, make_person
from tests.images import HOSTILE_IMAGES, jpeg_with_gps, stored_files

pytestmark = pytest.mark.django_db

# maker, image field, its folder, its thumbnail's field (None: it has none)
IMAGE_FIELDS = {
    "person-photo": (make_person, "photo", "people", "photo_thumbnail"),
    "film-poster": (make_film, "poster", "posters", "poster_thumbnail"),
    "film-week-poster": (make_film_week, "poster", "film-weeks", None),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize("case", HOSTILE_IMAGES, ids=list(HOSTILE_IMAGES))
def test_admin_person_photo_refuses_hostile_file_and_stores_nothing(admin_client, media, case):
    name, content, message = HOSTILE_IMAGES[case]
    person = make_person()

    response = post_with_file(admin_client, person, "photo", content, name)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"photo": [message]}
    person.refresh_from_db()
    assert (person.photo.name, stored_files(media)) == ("", [])


@pytest.mark.parametrize("case", IMAGE_FIELDS, ids=list(IMAGE_FIELDS))
def test_admin_image_field_refuses_polyglot(admin_client, media, case):
    make, field, _folder, _thumbnail_field = IMAGE_FIELDS[case]
    name, content, message = HOSTILE_IMAGES["gif-javascript-polyglot-named-jpg"]

    response = post_with_file(admin_client, make(), field, content, name)

    assert response.context["adminform"].form.errors == {field: [message]}
    assert stored_files(media) == []


@pytest.mark.parametrize("case", IMAGE_FIELDS, ids=list(IMAGE_FIELDS))
def test_admin_image_field_stores_reencoded_image_without_exif_under_server_name(
    admin_client, media, case
):
    make, field, folder, thumbnail_field = IMAGE_FIELDS[case]
    record = make()
    original = jpeg_with_gps(size=(2400, 1800))

    response = post_with_file(admin_client, record, field, original, "../../IMG_0001.JPG")

    assert response.status_code == 302
    record.refresh_from_db()
    stored = getattr(record, field)
    thumbnails = [getattr(record, thumbnail_field).name] if thumbnail_field else []
    assert re.fullmatch(rf"{folder}/[0-9a-f]{{32}}\.jpg", stored.name)
    assert stored_files(media) == sorted([stored.name, *thumbnails])
    image = Image.open(media / stored.name)
    assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (1200, 900), {})
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"Camera Maker" not in (media / stored.name).read_bytes()


def test_admin_person_photo_saved_twice_is_stored_twice_under_new_names(admin_client, media):
    person = make_person()
    post_with_file(admin_client, person, "photo", jpeg_with_gps(), "photo.jpg")
    first = Person.objects.values_list("photo", "photo_thumbnail").get(pk=person.pk)

    post_with_file(admin_client, person, "photo", jpeg_with_gps(), "photo.jpg")

    second = Person.objects.values_list("photo", "photo_thumbnail").get(pk=person.pk)
    assert first[0] != second[0]
    assert stored_files(media) == sorted([*first, *second])
