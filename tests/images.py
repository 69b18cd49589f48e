"""Image files for the upload tests: hostile ones as attackers send them (polyglots, bombs,
damaged files) and camera-like ones with EXIF and GPS, built in memory."""

import io
import re
import struct
import zlib

from PIL import ExifTags, Image, PngImagePlugin

from tests.factories import image_bytes

REFUSED_KIND = "This file is not a PNG, JPEG or WebP image."
REFUSED_MARKUP = "This file contains web page code as well as an image and is not accepted."
REFUSED_DAMAGED = "The image is damaged or incomplete and cannot be read."
REFUSED_PIXELS = "The image has more than 12 megapixels. Upload a smaller image."


def stored_files(media):
    """The files under `media`, as paths relative to it."""
    return sorted(path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file())


def pictures(response, css_class=None):
    """The attributes of each <img> of a page, in order; with `css_class`, of the pictures of
    that class alone, their class left out."""
    found = []
    for tag in re.findall(r"<img ([^>]*)>", response.content.decode()):
        attributes = dict(re.findall(r'([a-z]+)="([^"]*)"', tag))
        if css_class is None or attributes.pop("class", None) == css_class:
            found.append(attributes)
    return found


def width_of(media, url):
    """The width in pixels of the stored file at a /media/ address."""
    return Image.open(media / url.removeprefix("/media/")).width


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width, height):
    """A PNG that declares width x height pixels but holds almost no data: what a
    decompression bomb looks like from its header. Nothing of that size is allocated."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def png_with_text(key, text):
    info = PngImagePlugin.PngInfo()
    info.add_text(key, text)
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 90, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_with_gps(size=(80, 60)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera Maker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 14.0, 0.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def textured_jpeg(size=(400, 300)):
    """A JPEG whose pixel data is most of the file, so that a cut lands inside the pixels."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# "GIF89a" opens a GIF for an image viewer; the rest is valid JavaScript for a browser that is
# made to run the file as a script.
GIF_JAVASCRIPT_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=alert(document.cookie);//;"

TEXTURED_JPEG = textured_jpeg()

# name, content, the message the person gets
HOSTILE_IMAGES = {
    "gif-javascript-polyglot-named-jpg": ("photo.jpg", GIF_JAVASCRIPT_POLYGLOT, REFUSED_KIND),
    "png-with-script-text-chunk": (
        "photo.png",
        png_with_text("Comment", "<script>alert(document.cookie)</script>"),
        REFUSED_MARKUP,
    ),
    "jpeg-with-script-comment": (
        "photo.jpg",
        image_bytes("JPEG", comment=b"<script>alert(1)</script>"),
        REFUSED_MARKUP,
    ),
    "truncated-jpeg-in-headers": ("photo.jpg", TEXTURED_JPEG[:400], REFUSED_DAMAGED),
    "truncated-jpeg-in-pixels": (
        "photo.jpg",
        TEXTURED_JPEG[: len(TEXTURED_JPEG) * 2 // 3],
        REFUSED_DAMAGED,
    ),
    "png-4000-by-4000-of-70-kb": (
        "photo.png",
        image_bytes("PNG", size=(4000, 4000), optimize=True),
        REFUSED_PIXELS,
    ),
    "png-bomb-50000-by-50000": ("photo.png", png_header_only(50_000, 50_000), REFUSED_PIXELS),
}
