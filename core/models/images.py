"""The model field of every stored image: whatever is saved to it, from a form, a service or the
shell, goes through the upload policy of core.uploads (checked, re-encoded, renamed by the
server) unless core.uploads made it already."""

from pathlib import PurePosixPath

from django.db import models
from django.db.models.fields.files import ImageFieldFile

from core.forms.images import CheckedImageFormField
from core.uploads import ProcessedImage, process_image


class CheckedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        if not isinstance(content, ProcessedImage):
            # The name given only vouches for the extension; the stored one is the server's.
            content = process_image(content, name=PurePosixPath(name or "").name)
        super().save(content.name, content, save)


class CheckedImageField(models.ImageField):
    attr_class = CheckedImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
