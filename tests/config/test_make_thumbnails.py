"""manage.py make_thumbnails: the sizes in pixels and the thumbnails of images stored before the
pages used them, written without a new version or history."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from tests.factories import image_bytes, make_film, make_film_week, make_institution, make_person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media, name, content):
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(content)
    return name


def stored_before_sizes(record, *fields):
    """The record as an image stored before sizes were kept left it: no size columns."""
    columns = {f"{field}_{side}": None for field in fields for side in ("width", "height")}
    type(record).objects.filter(pk=record.pk).update(**columns)
    return record


def run():
    out, err = io.StringIO(), io.StringIO()
    call_command("make_thumbnails", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_make_thumbnails_makes_the_missing_ones_only(db, media):
    film = make_film(poster=stored(media, "posters/old.png", image_bytes(size=(600, 900))))
    person = make_person(
        photo=stored(media, "people/old.jpg", image_bytes("JPEG", size=(480, 480)))
    )
    institution = make_institution()
    institution.logo.save("new.png", ContentFile(image_bytes(size=(480, 240))))
    made_on_upload = institution.logo_thumbnail.name

    out, _ = run()

    for record in (film, person, institution):
        record.refresh_from_db()
    sizes = [
        Image.open(media / thumbnail.name).size
        for thumbnail in (film.poster_thumbnail, person.photo_thumbnail)
    ]
    assert (sizes, institution.logo_thumbnail.name) == ([(240, 360), (360, 360)], made_on_upload)
    assert (film.poster_thumbnail_width, film.poster_thumbnail_height) == (240, 360)
    assert out == "Image sizes stored: 0; thumbnails made: 2; images that could not be read: 0.\n"


def test_make_thumbnails_stores_the_sizes_of_images_stored_before(db, media):
    film_week = stored_before_sizes(
        make_film_week(poster=stored(media, "film-weeks/old.png", image_bytes(size=(300, 450)))),
        "poster",
    )
    person = make_person()
    person.photo.save("photo.png", ContentFile(image_bytes(size=(300, 400))))
    stored_before_sizes(person, "photo", "photo_thumbnail")

    out, _ = run()

    film_week.refresh_from_db()
    person.refresh_from_db()
    assert [
        (film_week.poster_width, film_week.poster_height),
        (person.photo_width, person.photo_height),
        (person.photo_thumbnail_width, person.photo_thumbnail_height),
    ] == [(300, 450), (300, 400), (270, 360)]
    # The photo's thumbnail, of unknown size, is made again (and so gets its size).
    assert out == "Image sizes stored: 2; thumbnails made: 1; images that could not be read: 0.\n"


def test_make_thumbnails_remakes_a_thumbnail_smaller_than_the_policy(db, media):
    """Thumbnails were 240 pixels a side before they became twice the lists' boxes."""
    film = make_film()
    film.poster.save("poster.png", ContentFile(image_bytes(size=(600, 900))))
    small = stored(media, "posters/thumbnails/small.png", image_bytes(size=(160, 240)))
    type(film).objects.filter(pk=film.pk).update(
        poster_thumbnail=small, poster_thumbnail_width=160, poster_thumbnail_height=240
    )

    out, _ = run()

    film.refresh_from_db()
    assert film.poster_thumbnail.name != small
    assert Image.open(media / film.poster_thumbnail.name).size == (240, 360)
    assert (film.poster_thumbnail_width, film.poster_thumbnail_height) == (240, 360)


def test_make_thumbnails_leaves_versions_and_history_alone(db, media):
    film = make_film(poster=stored(media, "posters/old.png", image_bytes(size=(600, 900))))
    stored_before_sizes(film, "poster")
    before = (film.version, film.history.count())

    run()

    film.refresh_from_db()
    assert (film.version, film.history.count()) == before
    assert (film.poster_width, bool(film.poster_thumbnail)) == (600, True)


def test_make_thumbnails_names_a_missing_or_broken_file_and_goes_on(db, media):
    broken = make_film(poster=stored(media, "posters/broken.png", b"\x89PNG\r\n\x1a\nnot a png"))
    gone = make_person(photo="people/gone.png")
    good = make_film(poster=stored(media, "posters/good.png", image_bytes(size=(300, 450))))

    out, err = run()

    for record in (broken, gone, good):
        record.refresh_from_db()
    thumbnails = [broken.poster_thumbnail, gone.photo_thumbnail, good.poster_thumbnail]
    assert [bool(thumbnail) for thumbnail in thumbnails] == [False, False, True]
    assert out == "Image sizes stored: 0; thumbnails made: 1; images that could not be read: 2.\n"
    assert sorted(line.split(":")[1].strip() for line in err.splitlines()) == [
        "people/gone.png",
        "posters/broken.png",
    ]


def test_make_thumbnails_run_again_changes_nothing(db, media):
    make_film(poster=stored(media, "posters/old.png", image_bytes(size=(600, 900))))
    run()

    out, _ = run()

    assert out == "Image sizes stored: 0; thumbnails made: 0; images that could not be read: 0.\n"
