"""The one upload policy of every stored image (core.uploads, CheckedImageFormField): hostile
files refused with a message, the pixel count bounded from the header before any decoding, and
what is kept a fresh encoding of the upright pixels under a server-made name."""

import io
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile, ImageOps

from core.forms.images import CheckedImageFormField
from core.uploads import LARGEST_SIDE, MAX_PIXELS, ProcessedImage, process_image
from tests.factories import image_bytes
from tests.images import HOSTILE_IMAGES, REFUSED_PIXELS, jpeg_with_gps, png_header_only

SERVER_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp)$")


def upload(content, name="photo.png"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("case", HOSTILE_IMAGES, ids=list(HOSTILE_IMAGES))
def test_process_image_refuses_hostile_file_with_message(case):
    name, content, message = HOSTILE_IMAGES[case]

    with pytest.raises(ValidationError) as refused:
        process_image(upload(content, name))

    assert refused.value.messages == [message]


def test_max_pixels_is_pillow_decompression_bomb_limit():
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS


def test_process_image_refuses_one_pixel_over_the_cap_before_decoding(monkeypatch):
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))
    with pytest.raises(ValidationError) as refused:
        process_image(upload(png_header_only(4000, 3001)))

    assert (refused.value.messages, decoded) == ([REFUSED_PIXELS], [])


def test_process_image_takes_an_image_of_exactly_the_cap():
    assert MAX_PIXELS == 4000 * 3000
    content = image_bytes("PNG", size=(4000, 3000), optimize=True)

    stored = Image.open(process_image(upload(content)))

    assert stored.size == (LARGEST_SIDE, 900)


@pytest.mark.parametrize(
    ("kind", "name", "extension"),
    [("PNG", "photo.png", "png"), ("JPEG", "photo.JPG", "jpg"), ("WEBP", "photo.webp", "webp")],
)
def test_process_image_reencodes_under_server_name(kind, name, extension):
    original = image_bytes(kind, size=(2400, 1600))

    processed = process_image(upload(original, name))

    image = Image.open(processed)
    assert isinstance(processed, ProcessedImage)
    assert (image.format, image.size) == (kind, (1200, 800))
    assert SERVER_NAME.match(processed.name) and processed.name.endswith(f".{extension}")


def test_process_image_drops_exif_and_gps():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo) != {}

    processed = process_image(upload(original, "photo.jpg"))

    assert dict(Image.open(processed).getexif()) == {}
    assert b"Exif" not in processed.read()


@pytest.mark.parametrize("orientation", range(1, 9))
def test_process_image_turns_pixels_upright_as_exif_transpose(orientation):
    pixels = Image.linear_gradient("L").resize((64, 32)).convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    pixels.save(buffer, "PNG", exif=exif)

    processed = Image.open(process_image(upload(buffer.getvalue())))

    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(buffer.getvalue())))
    assert (processed.size, processed.tobytes()) == (upright.size, upright.tobytes())


# Through the form field of every image field ---------------------------------------------------


class PhotoForm(forms.Form):
    photo = CheckedImageFormField(required=False)


def test_form_field_refuses_hostile_file_with_message_beside_the_field():
    name, content, message = HOSTILE_IMAGES["png-with-script-text-chunk"]

    form = PhotoForm(files={"photo": upload(content, name)})

    assert form.errors == {"photo": [message]}


def test_form_field_returns_the_reencoded_file():
    form = PhotoForm(files={"photo": upload(jpeg_with_gps(), "../photo.jpg")})

    assert form.is_valid()
    photo = form.cleaned_data["photo"]
    assert isinstance(photo, ProcessedImage) and SERVER_NAME.match(photo.name)
    assert b"Exif" not in photo.read()


def test_form_field_offers_only_accepted_types_and_says_the_limits():
    field = PhotoForm()["photo"]

    assert 'accept="image/png,image/jpeg,image/webp"' in str(field)
    assert field.help_text == "PNG, JPEG or WebP, at most 5 MB and 12 megapixels."
