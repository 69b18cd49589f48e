"""The picture beside a film's or a person's name, and a film week's poster: the thumbnail made
on upload and the image itself in a srcset with the files' true widths, in a box of fixed size;
the image alone without a thumbnail; a film week's poster at its true size; a file gone is no
error. (Placeholders and link previews: tests/config/test_site.py.)"""

import pytest
from django.core.files.base import ContentFile

from core.models import Status
from filmweek.models import Film
from tests.factories import image_bytes, make_film, make_film_week, make_person
from tests.images import pictures, width_of

PUBLISHED = {"status": Status.PUBLISHED}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_picture(record, field, size):
    getattr(record, field).save("picture.png", ContentFile(image_bytes(size=size)))
    return record


def test_film_page_poster_offers_thumbnail_and_poster_at_their_true_widths(db, client, media):
    film = with_picture(make_film(title_en="Five Hundred Miles", **PUBLISHED), "poster", (600, 900))

    (picture,) = pictures(client.get(film.get_absolute_url()))

    thumbnail, poster = f"/media/{film.poster_thumbnail.name}", f"/media/{film.poster.name}"
    assert picture == {
        "src": thumbnail,
        "srcset": f"{thumbnail} 240w, {poster} 600w",
        "sizes": "(max-width: 40rem) 5rem, 10rem",
        "width": "160",
        "height": "240",
        "alt": "Poster of Five Hundred Miles",
        "loading": "lazy",
    }
    assert [width_of(media, url) for url in (thumbnail, poster)] == [240, 600]


def test_film_page_poster_of_unknown_sizes_shows_the_thumbnail_without_srcset(db, client, media):
    film = with_picture(make_film(**PUBLISHED), "poster", (600, 900))
    Film.objects.update(poster_width=None, poster_thumbnail_width=None)

    (picture,) = pictures(client.get(film.get_absolute_url()))

    assert (picture["src"], "srcset" in picture) == (f"/media/{film.poster_thumbnail.name}", False)


def test_film_page_poster_without_thumbnail_shows_the_poster_alone(db, client, media):
    """Stored before thumbnails were made, until make_thumbnails."""
    film = with_picture(make_film(**PUBLISHED), "poster", (600, 900))
    Film.objects.update(poster_thumbnail="", poster_thumbnail_width=None)

    (picture,) = pictures(client.get(film.get_absolute_url()))

    assert (picture["src"], "srcset" in picture) == (f"/media/{film.poster.name}", False)


def test_film_page_with_poster_files_gone_still_gets_the_page(db, client, media):
    film = with_picture(make_film(**PUBLISHED), "poster", (600, 900))
    (media / film.poster.name).unlink()
    (media / film.poster_thumbnail.name).unlink()

    response = client.get(film.get_absolute_url())

    assert (response.status_code, pictures(response)[0]["src"]) == (
        200,
        f"/media/{film.poster_thumbnail.name}",
    )


def test_person_page_photo_offers_thumbnail_and_photo_at_their_true_widths(db, client, media):
    person = with_picture(make_person(name_en="Zhao Tao", **PUBLISHED), "photo", (300, 400))

    (picture,) = pictures(client.get(person.get_absolute_url()))

    thumbnail, photo = f"/media/{person.photo_thumbnail.name}", f"/media/{person.photo.name}"
    assert (picture["srcset"], picture["sizes"], picture["width"], picture["height"]) == (
        f"{thumbnail} 270w, {photo} 300w",
        "(max-width: 40rem) 4.5rem, 10rem",
        "160",
        "160",
    )
    assert [width_of(media, url) for url in (thumbnail, photo)] == [270, 300]


def test_film_week_page_poster_shows_at_its_true_size(db, client, media):
    film_week = with_picture(make_film_week(**PUBLISHED), "poster", (500, 700))

    (picture,) = pictures(client.get(film_week.get_absolute_url()))

    assert picture == {
        "src": f"/media/{film_week.poster.name}",
        "width": "500",
        "height": "700",
        "alt": film_week.name,
        "loading": "lazy",
    }
