"""The model field of every stored image: whatever is saved to it, from a form, a service or the
shell, goes through the upload policy of core.uploads (checked, re-encoded, renamed by the
server) unless core.uploads made it already. A field with a `thumbnail_field` also stores, in
that field, the thumbnail the lists show, made from the same image when it is saved (never
when a page asks for it), and empties it when the image is removed."""

from pathlib import PurePosixPath

from django.db import models
from django.db.models.fields.files import ImageFieldFile

from core.forms.images import CheckedImageFormField
from core.uploads import THUMBNAIL_SIDE, ProcessedImage, process_image


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
        return file

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
