"""Logo uploads: only real PNG, JPEG and WebP images, checked by content and size before
decoding, re-encoded without metadata under a server-made name. Every hostile file is refused
with a message and leaves nothing in media storage or the database."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile

from alliance.models import ProfileChange
from core.uploads import MAX_BYTES, check_file_name, process_logo
from tests.factories import image_bytes, make_representative
from tests.images import jpeg_with_gps, png_header_only, png_with_text

BOUNDARY = "----members2boundary"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file())


def upload(content, name="logo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
PSD_HEADER = b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03\x00\x00\x00\x10\x00\x00\x00\x10\x00\x08"

HOSTILE_FILES = {
    "png-also-html-after-end": (
        "logo.png",
        image_bytes("PNG") + b"<html><script>alert(1)</script></html>",
        "This file contains web page code as well as an image and is not accepted.",
    ),
    "png-also-html-in-text-chunk": (
        "logo.png",
        png_with_text("Comment", "<!DOCTYPE html><body onload=alert(1)>"),
        "This file contains web page code as well as an image and is not accepted.",
    ),
    "svg-with-script": (
        "logo.svg",
        SVG_WITH_SCRIPT,
        "SVG images are not accepted. Upload a PNG, JPEG or WebP image.",
    ),
    "svg-named-png": (
        "logo.png",
        SVG_WITH_SCRIPT,
        "SVG images are not accepted. Upload a PNG, JPEG or WebP image.",
    ),
    "png-50000-by-50000": (
        "logo.png",
        png_header_only(50_000, 50_000),
        "The image has more than 12 megapixels. Upload a smaller image.",
    ),
    "png-7000-by-7000": (
        "logo.png",
        png_header_only(7_000, 7_000),
        "The image has more than 12 megapixels. Upload a smaller image.",
    ),
    "truncated-jpeg": (
        "logo.jpg",
        image_bytes("JPEG", size=(400, 300))[:400],
        "The image is damaged or incomplete and cannot be read.",
    ),
    "psd-renamed-jpg": (
        "logo.jpg",
        PSD_HEADER + b"\x00" * 200,
        "This file is not a PNG, JPEG or WebP image.",
    ),
    "gif": ("logo.png", image_bytes("GIF"), "This file is not a PNG, JPEG or WebP image."),
    "html-named-png": (
        "logo.png",
        b"<html><body>hello</body></html>",
        "This file is not a PNG, JPEG or WebP image.",
    ),
    "png-named-exe": (
        "logo.exe",
        image_bytes("PNG"),
        "The file name must end in .png, .jpg, .jpeg or .webp.",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_FILES, ids=list(HOSTILE_FILES))
def test_process_logo_refuses_hostile_file_with_message(case):
    name, content, message = HOSTILE_FILES[case]

    with pytest.raises(ValidationError) as refused:
        process_logo(upload(content, name))

    assert refused.value.messages == [message]


def test_process_logo_refuses_empty_file():
    with pytest.raises(ValidationError) as refused:
        process_logo(upload(b""))

    assert refused.value.messages == ["The file is empty."]


def test_process_logo_refuses_file_over_5_mb_without_reading_it():
    big = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES)

    with pytest.raises(ValidationError) as refused:
        process_logo(big)

    assert refused.value.messages == ["The file is larger than 5 MB. Upload a smaller image."]


def test_process_logo_checks_pixels_before_decoding(monkeypatch):
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))

    with pytest.raises(ValidationError):
        process_logo(upload(png_header_only(7_000, 7_000)))

    assert decoded == []


@pytest.mark.parametrize(
    "name",
    ["../logo.png", "..\\logo.png", "logo\x00.png", "logo\u202egnp.png", "logo\u200f.png", ""],
)
def test_check_file_name_refuses_paths_and_invisible_characters(name):
    with pytest.raises(ValidationError):
        check_file_name(name)


@pytest.mark.parametrize(
    ("kind", "name", "extension"),
    [("PNG", "Logo.PNG", "png"), ("JPEG", "logo.jpeg", "jpg"), ("WEBP", "logo.webp", "webp")],
)
def test_process_logo_reencodes_image_under_server_name(kind, name, extension):
    logo = process_logo(upload(image_bytes(kind, size=(2000, 1000)), name))

    image, thumbnail = Image.open(logo.image), Image.open(logo.thumbnail)
    assert (image.format, image.size, thumbnail.size) == (kind, (1200, 600), (360, 180))
    assert logo.image.name.endswith(f".{extension}")
    assert len(logo.image.name) == len(f"{'0' * 32}.{extension}")
    assert logo.thumbnail.name == logo.image.name.replace(f".{extension}", f"-thumb.{extension}")


def test_process_logo_drops_exif_and_gps():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo) != {}

    logo = process_logo(upload(original, "photo.jpg"))

    cleaned = Image.open(logo.image)
    assert dict(cleaned.getexif()) == {}
    assert b"Exif" not in logo.image.read()


def test_process_logo_drops_png_text_chunks():
    logo = process_logo(upload(png_with_text("Author", "Someone"), "logo.png"))

    assert "Author" not in Image.open(logo.image).info


def test_process_logo_keeps_transparency_of_png():
    logo = process_logo(upload(image_bytes("PNG", color=(0, 0, 0, 0))))

    assert Image.open(logo.image).mode == "RGBA"


# Through the representative's profile form ----------------------------------------------------


@pytest.fixture
def representative(db, client):
    representative = make_representative()
    client.force_login(representative.user)
    return representative


def post_profile(client, logo):
    url = reverse("account-institution")
    return client.post(url, {"description_en": "New text.", "logo": logo})


@pytest.mark.parametrize("case", HOSTILE_FILES, ids=list(HOSTILE_FILES))
def test_profile_form_refuses_hostile_logo_and_stores_nothing(representative, client, media, case):
    name, content, message = HOSTILE_FILES[case]

    response = post_profile(client, upload(content, name))

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [message]
    assert ProfileChange.objects.count() == 0
    assert stored_files(media) == []


def test_profile_form_refuses_empty_logo(representative, client, media):
    response = post_profile(client, upload(b""))

    assert response.context["form"].errors["logo"] == ["The submitted file is empty."]
    assert ProfileChange.objects.count() == 0
    assert stored_files(media) == []


def test_profile_form_refuses_50_mb_logo_while_streaming(representative, client, media):
    fifty_mb = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * (50 * 1024 * 1024))

    response = post_profile(client, fifty_mb)

    assert response.context["form"].errors["logo"] == [
        "The file is larger than 5 MB. Upload a smaller image."
    ]
    assert (response.wsgi_request.oversized_uploads, dict(response.wsgi_request.FILES)) == (
        {"logo"},
        {},
    )
    assert ProfileChange.objects.count() == 0
    assert stored_files(media) == []


def test_profile_form_refuses_6_mb_logo_in_a_small_request(representative, client, media):
    six_mb = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * (6 * 1024 * 1024))

    response = post_profile(client, six_mb)

    assert response.context["form"].errors["logo"] == [
        "The file is larger than 5 MB. Upload a smaller image."
    ]
    assert (response.wsgi_request.oversized_uploads, dict(response.wsgi_request.FILES)) == (
        {"logo"},
        {},
    )
    assert stored_files(media) == []


def raw_multipart(fields, filename, content):
    """A multipart body written by hand, so that the file name reaches the server exactly as
    given (the test client would strip directories from it)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="{filename}"'
        "\r\nContent-Type: image/png\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


@pytest.mark.parametrize(
    "filename",
    [
        "../../../config/settings.py",
        "..\\..\\templates\\base.html",
        "logo.png\x00.html",
        "logo\u202egnp.html",
        "/etc/passwd",
    ],
    ids=["dot-dot-slash", "dot-dot-backslash", "nul", "right-to-left", "absolute"],
)
def test_profile_form_refuses_hostile_file_name(representative, client, media, filename):
    body = raw_multipart({"description_en": "New text."}, filename, image_bytes("PNG"))

    response = client.post(
        reverse("account-institution"),
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    assert response.context["form"].errors["logo"] == [
        "The file name must end in .png, .jpg, .jpeg or .webp."
    ]
    assert ProfileChange.objects.count() == 0
    assert stored_files(media) == []


def test_profile_form_stores_logo_with_directories_in_name_under_server_name(
    representative, client, media
):
    body = raw_multipart({"description_en": "New text."}, "../../../../logo.png", image_bytes())

    client.post(
        reverse("account-institution"),
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    change = ProfileChange.objects.get()
    stem = change.logo.name.removeprefix("logos/").removesuffix(".png")
    assert stored_files(media) == [f"logos/{stem}-thumb.png", f"logos/{stem}.png"]
    assert len(stem) == 32
