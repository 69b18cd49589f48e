"""Media on an S3-compatible store (MEDIA_STORAGE_URL=s3://...), against a real S3 server that
the tests start (moto's server mode, tests/core/conftest.py): uploads go through the same
policy as on the filesystem, thumbnails and sizes are made in the bucket, pages and the admin
show the bucket's addresses, and the commands that read or delete files work there too."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from config.demo.sample import remove_sample_data
from config.security import CONTENT_SECURITY_POLICY, with_image_sources
from core.backup.media import stored_names
from core.storage_url import media_origins, media_storage
from filmweek.models import Film
from tests.admin_forms import post_with_file
from tests.factories import make_film
from tests.images import HOSTILE_IMAGES, jpeg_with_gps

pytestmark = pytest.mark.django_db


def image_in(storage, name):
    with storage.open(name) as file:
        return Image.open(io.BytesIO(file.read()))


def test_s3_admin_poster_is_stored_reencoded_with_its_thumbnail(admin_client, s3_media):
    film = make_film()

    response = post_with_file(admin_client, film, "poster", jpeg_with_gps((2400, 1800)), "a.jpg")

    assert response.status_code == 302
    film.refresh_from_db()
    assert re.fullmatch(r"posters/[0-9a-f]{32}\.jpg", film.poster.name)
    assert stored_names(s3_media) == sorted([film.poster.name, film.poster_thumbnail.name])
    poster = image_in(s3_media, film.poster.name)
    assert (poster.format, poster.size, dict(poster.getexif())) == ("JPEG", (1200, 900), {})
    assert image_in(s3_media, film.poster_thumbnail.name).size == (360, 270)
    assert (film.poster_width, film.poster_thumbnail_width) == (1200, 360)


def test_s3_admin_poster_refuses_polyglot_and_stores_nothing(admin_client, s3_media):
    name, content, message = HOSTILE_IMAGES["gif-javascript-polyglot-named-jpg"]
    film = make_film()

    response = post_with_file(admin_client, film, "poster", content, name)

    assert response.context["adminform"].form.errors == {"poster": [message]}
    assert stored_names(s3_media) == []


def test_s3_film_page_and_admin_list_show_the_bucket_addresses(
    client, admin_client, s3_media, s3_endpoint
):
    film = make_film(status="published")
    film.poster.save("poster.jpg", io.BytesIO(jpeg_with_gps((800, 1200))))
    poster_url = f"{s3_endpoint}/{s3_media.bucket_name}/{film.poster.name}"
    thumbnail_url = f"{s3_endpoint}/{s3_media.bucket_name}/{film.poster_thumbnail.name}"

    page = client.get(film.get_absolute_url()).content.decode()
    admin_list = admin_client.get(reverse("admin:filmweek_film_changelist")).content.decode()

    assert f'content="{poster_url}"' in page  # og:image: the bucket's address as it is
    assert f"{thumbnail_url} 240w, {poster_url} 800w" in page
    assert f'src="{poster_url}"' in admin_list


def test_s3_media_origin_is_an_image_source_of_the_pages(s3_media_url, s3_endpoint):
    origins = media_origins(media_storage(s3_media_url))

    policy = with_image_sources(CONTENT_SECURITY_POLICY, origins)

    assert policy["DIRECTIVES"]["img-src"] == ["'self'", s3_endpoint]


def test_s3_make_thumbnails_makes_missing_thumbnail_and_stores_sizes(s3_media):
    film = make_film()
    film.poster.save("poster.jpg", io.BytesIO(jpeg_with_gps((1000, 1500))))
    s3_media.delete(film.poster_thumbnail.name)
    Film.objects.filter(pk=film.pk).update(
        poster_thumbnail="", poster_width=None, poster_height=None
    )
    output = io.StringIO()

    call_command("make_thumbnails", stdout=output)

    film.refresh_from_db()
    assert output.getvalue().strip() == (
        "Image sizes stored: 1; thumbnails made: 1; images that could not be read: 0."
    )
    assert (film.poster_width, film.poster_height) == (800, 1200)
    assert image_in(s3_media, film.poster_thumbnail.name).size == (240, 360)
    assert stored_names(s3_media) == sorted([film.poster.name, film.poster_thumbnail.name])


def test_s3_demo_posters_are_stored_and_removed_in_the_bucket(
    settings, s3_media, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    posters = Film.objects.filter(poster_is_sample=True)
    names = [name for film in posters for name in (film.poster.name, film.poster_thumbnail.name)]

    assert len(names) == 6
    assert stored_names(s3_media) == sorted(names)

    with django_capture_on_commit_callbacks(execute=True):
        remove_sample_data()

    assert stored_names(s3_media) == []


def test_s3_open_data_archive_is_built_in_and_downloaded_from_the_bucket(client, s3_media):
    make_film(status="published", title_original="Five Hundred Miles")

    address = client.get("/open-data/catalog.zip")["Location"]
    response = client.get(address)

    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        films = archive.read("films.csv").decode()
    assert response.status_code == 200
    assert "Five Hundred Miles" in films
    names = stored_names(s3_media)
    assert [re.sub(r"catalog-[0-9a-f]+", "catalog-TOKEN", name) for name in names] == [
        "open-data/catalog-TOKEN.json",
        "open-data/catalog-TOKEN.zip",
    ]
