"""Posters on the film list's cards and photos on the people list's: the thumbnail made on
upload, lazy, sized and with a srcset of the files' true widths; nothing without a picture; a
file gone is no error; the number of queries unchanged."""

import pytest
from django.core.files.base import ContentFile

from core.models import Status
from filmweek.models import Film
from tests.factories import image_bytes, make_film, make_person
from tests.images import pictures as page_pictures
from tests.images import width_of

PUBLISHED = {"status": Status.PUBLISHED}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pictures(response):
    """The attributes of each list picture of a page, in order."""
    return page_pictures(response, "list-thumbnail")


def with_picture(record, field, size=(400, 600)):
    getattr(record, field).save("picture.png", ContentFile(image_bytes(size=size)))
    return record


def srcset_widths(media, srcset):
    """[(width the srcset says, width of the file it names)] of each candidate."""
    candidates = [candidate.split() for candidate in srcset.split(", ")]
    return [(int(said.removesuffix("w")), width_of(media, url)) for url, said in candidates]


def test_film_list_card_shows_the_poster_thumbnail(db, client, media):
    film = with_picture(make_film(title_en="Five Hundred Miles", **PUBLISHED), "poster")

    response = client.get("/en/films/")

    thumbnail, poster = f"/media/{film.poster_thumbnail.name}", f"/media/{film.poster.name}"
    assert pictures(response) == [
        {
            "src": thumbnail,
            "srcset": f"{thumbnail} 240w, {poster} 400w",
            "sizes": "120px",
            "width": "120",
            "height": "180",
            "alt": "",
            "loading": "lazy",
            "decoding": "async",
        }
    ]


@pytest.mark.parametrize(
    ("size", "widths"),
    # A 2:3 poster; a large landscape one (stored at 1200); one smaller than a thumbnail, whose
    # thumbnail is the same size (one candidate).
    [((400, 600), [240, 400]), ((1600, 1200), [360, 1200]), ((200, 300), [200])],
)
def test_film_list_srcset_widths_are_the_files_widths(db, client, media, size, widths):
    with_picture(make_film(**PUBLISHED), "poster", size)

    (picture,) = pictures(client.get("/en/films/"))

    assert srcset_widths(media, picture["srcset"]) == [(width, width) for width in widths]


def test_film_list_poster_of_unknown_sizes_shows_the_thumbnail_without_srcset(db, client, media):
    """Stored before sizes were kept, until make_thumbnails: no width is guessed."""
    film = with_picture(make_film(**PUBLISHED), "poster")
    Film.objects.update(poster_width=None, poster_thumbnail_width=None)

    (picture,) = pictures(client.get("/en/films/"))

    assert (picture["src"], "srcset" in picture, "sizes" in picture) == (
        f"/media/{film.poster_thumbnail.name}",
        False,
        False,
    )


def test_film_list_card_without_poster_shows_no_picture(db, client, media):
    with_picture(make_film(title_en="With", **PUBLISHED), "poster")
    make_film(title_en="Without", **PUBLISHED)

    response = client.get("/zh-hans/films/")

    assert len(pictures(response)) == 1


def test_film_list_poster_files_gone_still_gets_the_page(db, client, media):
    film = with_picture(make_film(**PUBLISHED), "poster")
    (media / film.poster.name).unlink()
    (media / film.poster_thumbnail.name).unlink()

    response = client.get("/en/films/")

    assert (response.status_code, len(pictures(response))) == (200, 1)


def test_film_list_poster_without_thumbnail_shows_no_picture(db, client, media):
    """A poster stored before thumbnails were made: the list does not load the large file."""
    make_film(poster="posters/old.png", **PUBLISHED)

    assert pictures(client.get("/en/films/")) == []


@pytest.mark.parametrize("rows", [1, 3])
def test_film_list_with_posters_queries_same_for_1_and_3_rows(
    db, client, media, django_assert_num_queries, rows
):
    for _ in range(rows):
        with_picture(make_film(**PUBLISHED), "poster")

    # As without posters: three lists of choices, the page's rows and their countries; the
    # counts of the filters' options and a capped count of the rows they are counted over.
    with django_assert_num_queries(13):
        response = client.get("/en/films/")

    assert len(pictures(response)) == rows


def test_person_list_card_shows_the_photo_thumbnail(db, client, media):
    person = with_picture(make_person(name_en="Zhao Tao", **PUBLISHED), "photo")
    make_person(name_en="No Photo", **PUBLISHED)

    response = client.get("/en/people/")

    thumbnail, photo = f"/media/{person.photo_thumbnail.name}", f"/media/{person.photo.name}"
    assert [
        (picture["src"], picture["srcset"], picture["sizes"], picture["width"], picture["height"])
        for picture in pictures(response)
    ] == [(thumbnail, f"{thumbnail} 240w, {photo} 400w", "96px", "96", "96")]


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_with_photos_queries_same_for_1_and_3_rows(
    db, client, media, django_assert_num_queries, rows
):
    for _ in range(rows):
        with_picture(make_person(**PUBLISHED), "photo")

    # As without photos: the choice of countries, the rows, their filmographies and positions;
    # the counts of the filters' options and a capped count of the rows they are counted over.
    with django_assert_num_queries(9):
        response = client.get("/en/people/")

    assert len(pictures(response)) == rows
