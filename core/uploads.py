"""The one upload policy for every image the site stores (people's photos, posters, logos),
whoever sends it: staff in the admin, representatives, applicants. Model fields apply it through
core.models.images.CheckedImageField; the self-service forms call `process_logo`.

A file is refused unless its bytes are a PNG, JPEG or WebP image (magic bytes and Pillow agree),
at most 5 MB and MAX_PIXELS (read from the header, before any pixel is decoded), free of web
page code, and decodes completely. What is stored is a fresh encoding of the pixels, so EXIF,
GPS and any text chunks are gone, under a name the server makes up.
"""

import io
import re
import unicodedata
import uuid
import warnings
from pathlib import PurePosixPath
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# The most costly accepted image takes under 1 s of CPU to check and re-encode. Measured on the
# 2-core server with process_logo (decode, shrink to 1200 and 240 pixels, encode both; the
# thumbnail, made from the 1200 pixel copy, has been 360 pixels since), worst
# file kinds: a 16-bit RGBA PNG (Paeth-filtered or interlaced) of 12 MP takes 0.63-0.78 s,
# of 16 MP 0.83-0.98 s, of 20 MP 0.93-1.04 s; a WebP of 12 MP 0.41-0.48 s, a progressive or
# CMYK JPEG of 12 MP 0.24-0.38 s.
MAX_PIXELS = 12_000_000
LARGEST_SIDE = 1200
# Twice the tallest picture box of a list (a poster card's 120 x 180 CSS pixels), so that list
# pictures are sharp on 2x screens; also the 1x picture of a detail page's 10rem box.
THUMBNAIL_SIDE = 360
ALLOWED_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")
ACCEPTED_TYPES = "image/png,image/jpeg,image/webp"  # a file input's `accept`
# Form fields beside the file: a request longer than a full file plus this is refused unread.
FORM_ALLOWANCE = 2_621_440

# Pillow refuses to open an image of more than twice this many pixels and warns above it;
# the warning is turned into a refusal in `open_image`.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

EXTENSION_OF_FORMAT = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}

# Markup that makes a file a web page as well as an image (a polyglot). Only long markers, so
# that compressed pixel data practically never matches by chance.
MARKUP = re.compile(
    rb"<!doctype|<html|<head|<body|<script|<iframe|<svg[\s>]|<\?php|javascript:", re.IGNORECASE
)

# EXIF orientation -> the turn that makes the pixels upright (as ImageOps.exif_transpose).
ORIENTATIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

TOO_LARGE = _("The file is larger than 5 MB. Upload a smaller image.")
HELP_TEXT = format_lazy(
    _("PNG, JPEG or WebP, at most 5 MB and {} megapixels."), MAX_PIXELS // 1_000_000
)
TOO_MANY_PIXELS = format_lazy(
    _("The image has more than {} megapixels. Upload a smaller image."), MAX_PIXELS // 1_000_000
)


class ProcessedImage(ContentFile):
    """An image this module checked and re-encoded: stored as it is by CheckedImageField."""


class Logo(NamedTuple):
    image: ProcessedImage
    thumbnail: ProcessedImage


def logo_upload_to(instance, filename):
    """Where a processed logo goes: the name is the one `process_logo` generated."""
    return f"logos/{PurePosixPath(filename).name}"


def sniff_format(head: bytes) -> str | None:
    """The image format named by the file's first bytes, if it is one we take."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def check_file_name(name: str) -> None:
    """Refuse a name with a path, control or invisible characters. (Django's upload parser
    already drops directories and unprintable characters; this also covers other callers.)"""
    if not name or any(char in name for char in "/\\\x00") or _has_control_characters(name):
        raise ValidationError(
            _("The file name contains characters that are not allowed."), code="bad_name"
        )


def check_extension(name: str) -> None:
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError(
            _("The file name must end in .png, .jpg, .jpeg or .webp."), code="bad_extension"
        )


def _has_control_characters(name):
    # Cc: NUL and other controls; Cf: invisible formatting such as right-to-left overrides.
    return any(unicodedata.category(char) in ("Cc", "Cf") for char in name)


def read_upload(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    return data


def identify(data: bytes) -> str:
    kind = sniff_format(data[:16])
    if kind is None:
        if re.search(rb"<svg|<\?xml", data[:4096], re.IGNORECASE):
            raise ValidationError(
                _("SVG images are not accepted. Upload a PNG, JPEG or WebP image."), code="svg"
            )
        raise ValidationError(
            _("This file is not a PNG, JPEG or WebP image."), code="unsupported_format"
        )
    if MARKUP.search(data):
        raise ValidationError(
            _("This file contains web page code as well as an image and is not accepted."),
            code="markup",
        )
    return kind


def open_image(data: bytes, kind: str) -> Image.Image:
    """Decode the image after checking its size in pixels from the header alone."""
    too_many_pixels = ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
    damaged = ValidationError(
        _("The image is damaged or incomplete and cannot be read."), code="damaged"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size  # read from the header; nothing decoded yet
            if width < 1 or height < 1:
                raise damaged
            if width * height > MAX_PIXELS:
                raise too_many_pixels
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise damaged from None
    if image.format != kind:
        raise ValidationError(_("This file is not a PNG, JPEG or WebP image."), code="mismatch")
    return image


def fitted_pixels(image: Image.Image, kind: str, side: int) -> Image.Image:
    """The pixels alone, at most `side` on the longer edge and upright: a new image without
    EXIF, GPS, ICC or text metadata. Shrunk before anything else is copied, so that the
    full-size pixels are not copied more than a mode change needs."""
    transpose = ORIENTATIONS.get(image.getexif().get(ExifTags.Base.Orientation))
    transparent = kind != "JPEG" and image.has_transparency_data
    wanted = "RGBA" if transparent else "RGB"
    if image.mode != wanted:
        image = image.convert(wanted)
    image.thumbnail((side, side), Image.Resampling.LANCZOS)  # in place; never enlarges
    if transpose is not None:
        image = image.transpose(transpose)
    return Image.frombytes(image.mode, image.size, image.tobytes())


def encode(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "PNG":
        image.save(buffer, "PNG", optimize=True)
    elif kind == "JPEG":
        image.save(buffer, "JPEG", quality=88, optimize=True)
    else:
        image.save(buffer, "WEBP", quality=88)
    return buffer.getvalue()


def checked_image(upload, name: str | None = None) -> tuple[Image.Image, str]:
    """The decoded image of an upload and its format, after every check of the policy;
    ValidationError with a message for the person otherwise."""
    name = upload.name if name is None else name
    check_file_name(name or "")
    data = read_upload(upload)
    kind = identify(data)
    check_extension(name)
    return open_image(data, kind), kind


def process_image(upload, *, name: str | None = None, side: int = LARGEST_SIDE) -> ProcessedImage:
    """The upload checked and re-encoded, at most `side` pixels on the longer edge, under a
    name the server made up (`name` stands for the upload's own name when given)."""
    image, kind = checked_image(upload, name)
    content = encode(fitted_pixels(image, kind, side), kind)
    return ProcessedImage(content, name=f"{uuid.uuid4().hex}.{EXTENSION_OF_FORMAT[kind]}")


def process_logo(upload) -> Logo:
    """Check an uploaded logo and return its re-encoded image and thumbnail, named by the
    server; raise ValidationError with a message for the person otherwise."""
    image, kind = checked_image(upload)
    large = fitted_pixels(image, kind, LARGEST_SIDE)
    small = fitted_pixels(large.copy(), kind, THUMBNAIL_SIDE)
    stem, extension = uuid.uuid4().hex, EXTENSION_OF_FORMAT[kind]
    return Logo(
        ProcessedImage(encode(large, kind), name=f"{stem}.{extension}"),
        ProcessedImage(encode(small, kind), name=f"{stem}-thumb.{extension}"),
    )


class SizeLimitUploadHandler(FileUploadHandler):
    """First upload handler of a view that takes logos: a file past MAX_BYTES is dropped while
    it streams in (never held in memory or written to a temporary file) and its field name is
    noted in `request.oversized_uploads`, for the form to say so."""

    def __init__(self, request=None):
        super().__init__(request)
        self.request_too_large = False
        self.received = 0
        if request is not None:
            request.oversized_uploads = set()

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = (content_length or 0) > MAX_BYTES + FORM_ALLOWANCE

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0
        if self.request_too_large:
            self._skip()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_BYTES:
            self._skip()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _skip(self):
        if self.request is not None:
            self.request.oversized_uploads.add(self.field_name)
        raise SkipFile()
