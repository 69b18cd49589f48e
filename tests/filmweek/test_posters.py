import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import make_film


def poster_png(width=600, height=900):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 20, 20)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="poster.png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_film_page_poster_offers_240_and_480_pixel_copies(db, client, media):
    film = make_film(status="published")
    film.poster.save("poster.png", poster_png())

    html = client.get(film.get_absolute_url()).content.decode()

    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    urls = [part.split()[0] for part in srcset.split(", ")]
    widths = [Image.open(media / url.removeprefix("/media/")).width for url in urls]
    assert widths == [240, 480]
    assert [part.split()[1] for part in srcset.split(", ")] == ["240w", "480w"]


def test_film_page_with_poster_file_gone_shows_placeholder(db, client, media):
    film = make_film(status="published")
    film.poster.save("poster.png", poster_png())
    (media / film.poster.name).unlink()

    response = client.get(film.get_absolute_url())

    assert response.status_code == 200
    assert "img/placeholder-poster.svg" in response.content.decode()


def test_film_page_without_poster_shows_placeholder(db, client):
    film = make_film(status="published")

    html = client.get(film.get_absolute_url()).content.decode()

    assert "img/placeholder-poster.svg" in html
    assert "srcset" not in html
