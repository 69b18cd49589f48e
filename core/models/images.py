"""The model field of every stored image: whatever is saved to it, from a form, a service or the
shell, goes through the upload policy of core.uploads (checked, re-encoded, renamed by the
server) unless core.uploads made it already. A field with a `thumbnail_field` also stores, in
that field, the thumbnail lists show (and detail pages offer in `srcset`), made from the same
image when it is saved (never when a page asks for it), and empties it when the image is
removed.

A field with Django's `width_field`/`height_field` keeps the image's size in pixels in those
columns (`pixel_size`), which pages need for true `srcset` widths. They are set when a file is
saved or assigned, and on the record's save when still unknown (a file name handed to the
model's constructor); never when a record is read, so that showing a list opens no file."""

from pathlib import PurePosixPath

from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms.images import CheckedImageFormField
from core.uploads import THUMBNAIL_SIDE, ProcessedImage, process_image


def pixel_size(verbose_name):
    """The column of an image's width or height in pixels; empty while unknown. Declared after
    its image field, so that a save writes the size that the image's save just set."""
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, editable=False)


class CheckedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        if not isinstance(content, ProcessedImage):
            # The name given only vouches for the extension; the stored one is the server's.
            content = process_image(content, name=PurePosixPath(name or "").name)
        if self.field.thumbnail_field:
            thumbnail = process_image(content, side=THUMBNAIL_SIDE)
            getattr(self.instance, self.field.thumbnail_field).save(
                thumbnail.name, thumbnail, save=False
            )
        super().save(content.name, content, save)

    @property
    def stored_width(self):
        """The width kept in the record's column (None when unknown), read without the file."""
        return getattr(self.instance, self.field.width_field) if self.field.width_field else None


class CheckedImageField(models.ImageField):
    attr_class = CheckedImageFieldFile

    def __init__(self, *args, thumbnail_field=None, **kwargs):
        # The image is declared before its thumbnail's field, so that a save writes the new
        # thumbnail. Not a column option: deconstruct() leaves it out of migrations.
        self.thumbnail_field = thumbnail_field
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        if self.thumbnail_field and not file:
            setattr(model_instance, self.thumbnail_field, "")
        if file and self.width_field and getattr(model_instance, self.width_field) is None:
            self.update_dimension_fields(model_instance, force=True)
        return file

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django also calls this after a record is loaded (post_init), where it would open the
        # files of rows whose sizes are not stored yet, or query a size column left out by
        # only(): here sizes change only with the file.
        if not force or not (self.width_field or self.height_field):
            return
        width, height = readable_size(getattr(instance, self.attname))
        if self.width_field:
            setattr(instance, self.width_field, width)
        if self.height_field:
            setattr(instance, self.height_field, height)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})


class ImageWithSizes:
    """`poster = ImageWithSizes(_("poster"), upload_to="posters/", thumbnail_upload_to=...)`
    declares the image `poster`, its pixel sizes `poster_width` and `poster_height` and, with
    `thumbnail_upload_to`, its thumbnail `poster_thumbnail` with `poster_thumbnail_width` and
    `poster_thumbnail_height`. `options` go to the image field (e.g. a help text)."""

    def __init__(self, label, *, upload_to, thumbnail_upload_to=None, **options):
        # Made here, while the model's class body runs, in this order (see Bilingual): the
        # image before its thumbnail, and both before their sizes.
        self.image = CheckedImageField(label, upload_to=upload_to, blank=True, **options)
        self.thumbnail = None
        labels = [label]
        if thumbnail_upload_to is not None:
            thumbnail_label = format_lazy(_("{image} thumbnail"), image=label)
            self.thumbnail = CheckedImageField(
                thumbnail_label, upload_to=thumbnail_upload_to, blank=True, editable=False
            )
            labels.append(thumbnail_label)
        self.sizes = [
            (
                pixel_size(format_lazy(_("{image} width (pixels)"), image=image)),
                pixel_size(format_lazy(_("{image} height (pixels)"), image=image)),
            )
            for image in labels
        ]

    def contribute_to_class(self, cls, name):
        images = [(name, self.image)]
        if self.thumbnail is not None:
            self.image.thumbnail_field = f"{name}_thumbnail"
            images.append((self.image.thumbnail_field, self.thumbnail))
        for (field_name, image), (width, height) in zip(images, self.sizes, strict=True):
            image.width_field, image.height_field = f"{field_name}_width", f"{field_name}_height"
            cls.add_to_class(field_name, image)
            cls.add_to_class(image.width_field, width)
            cls.add_to_class(image.height_field, height)


def readable_size(file):
    """(width, height) of a stored image file read from its header; (None, None) without a
    file or when it is gone or unreadable, which is no reason to refuse a save."""
    if not file:
        return None, None
    try:
        return file.width, file.height
    except OSError:
        return None, None
