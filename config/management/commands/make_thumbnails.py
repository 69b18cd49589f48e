from pathlib import PurePosixPath

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from core.cache.versions import record_key, renew, table_key
from core.models.images import CheckedImageField
from core.uploads import THUMBNAIL_SIDE, process_image


def fields_with_thumbnails():
    """(model, image field) of every CheckedImageField that keeps a thumbnail."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, CheckedImageField) and field.thumbnail_field:
                yield model, field


class Command(BaseCommand):
    help = (
        "Make the missing thumbnails of stored images (posters, photos, logos saved before the "
        "lists showed thumbnails), through the upload policy; a file that cannot be read is "
        "named and left without one."
    )

    def handle(self, *args, **options):
        made = failed = 0
        for model, field in fields_with_thumbnails():
            missing = model._base_manager.exclude(**{field.name: ""}).filter(
                **{field.thumbnail_field: ""}
            )
            for record in missing.iterator():
                image = getattr(record, field.name)
                try:
                    with image.open("rb"):
                        name = PurePosixPath(image.name).name
                        thumbnail = process_image(image, name=name, side=THUMBNAIL_SIDE)
                except (OSError, ValidationError) as error:
                    failed += 1
                    self.stderr.write(f"{model.__name__} {record.pk}: {image.name}: {error}")
                    continue
                stored = getattr(record, field.thumbnail_field)
                stored.save(thumbnail.name, thumbnail, save=False)
                # An update, not save(): a derived file is no edit, so it leaves the record's
                # version (an open admin form stays valid) and its history alone.
                model._base_manager.filter(pk=record.pk).update(
                    **{field.thumbnail_field: stored.name}
                )
                renew([table_key(model), record_key(model._meta.label_lower, record.pk)])
                made += 1
        self.stdout.write(f"Thumbnails made: {made}; images that could not be read: {failed}.")
