from pathlib import PurePosixPath

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import F, Q
from django.db.models.functions import Greatest

from core.cache.versions import record_key, renew_after_write, table_key
from core.models.images import CheckedImageField
from core.uploads import THUMBNAIL_SIDE, process_image


def images():
    """(model, field) of every CheckedImageField that is not another one's thumbnail."""
    for model in apps.get_models():
        fields = [
            field for field in model._meta.get_fields() if isinstance(field, CheckedImageField)
        ]
        thumbnails = {field.thumbnail_field for field in fields}
        for field in fields:
            if field.name not in thumbnails:
                yield model, field


def size_columns(field):
    return [name for name in (field.width_field, field.height_field) if name]


def sizes_of(record, field):
    """{size column: value} of `field` as `record` holds them."""
    return {column: getattr(record, column) for column in size_columns(field)}


def thumbnails_wanted(model, field):
    """Records whose image has no thumbnail, or one of unknown size (made before sizes were
    stored, or its file gone), or one smaller than THUMBNAIL_SIDE made from a larger image (made
    before the side grew)."""
    thumbnail = model._meta.get_field(field.thumbnail_field)
    wanted = Q(**{thumbnail.name: ""})
    records = model._base_manager.exclude(**{field.name: ""})
    if thumbnail.width_field and thumbnail.height_field:
        records = records.annotate(
            thumbnail_side=Greatest(thumbnail.width_field, thumbnail.height_field),
            image_side=Greatest(field.width_field, field.height_field),
        )
        too_small = Q(thumbnail_side__lt=THUMBNAIL_SIDE, image_side__gt=F("thumbnail_side"))
        wanted |= Q(thumbnail_side=None) | too_small
    return records.filter(wanted)


class Command(BaseCommand):
    help = (
        "Store the sizes in pixels of images stored without them, and make the missing "
        "thumbnails (and those smaller than the upload policy's size) of posters, photos and "
        "logos, through the upload policy; a file that cannot be read is named and left as it "
        "is. Records change by queryset update: no new version, no history."
    )

    def handle(self, *args, **options):
        self.unreadable = set()
        sized = sum(self.store_sizes(model, field) for model, field in images())
        made = sum(
            self.make_thumbnails(model, field) for model, field in images() if field.thumbnail_field
        )
        self.stdout.write(
            f"Image sizes stored: {sized}; thumbnails made: {made}; "
            f"images that could not be read: {len(self.unreadable)}."
        )

    def store_sizes(self, model, field):
        columns = size_columns(field)
        if not columns:
            return 0
        unknown = model._base_manager.exclude(**{field.name: ""}).filter(
            Q(**{f"{column}__isnull": True for column in columns}, _connector=Q.OR)
        )
        stored = 0
        for record in unknown.only("pk", field.name, *columns).iterator():
            field.update_dimension_fields(record, force=True)
            if getattr(record, field.width_field or field.height_field) is None:
                self.cannot_read(model, record, field, "its size cannot be read")
                continue
            self.update(model, record, sizes_of(record, field))
            stored += 1
        return stored

    def make_thumbnails(self, model, field):
        made = 0
        for record in thumbnails_wanted(model, field).iterator():
            image = getattr(record, field.name)
            try:
                with image.open("rb"):
                    name = PurePosixPath(image.name).name
                    thumbnail = process_image(image, name=name, side=THUMBNAIL_SIDE)
            except (OSError, ValidationError) as error:
                self.cannot_read(model, record, field, error)
                continue
            stored = getattr(record, field.thumbnail_field)
            stored.save(thumbnail.name, thumbnail, save=False)  # sets its size columns too
            self.update(
                model, record, {stored.field.name: stored.name, **sizes_of(record, stored.field)}
            )
            made += 1
        return made

    def update(self, model, record, values):
        # An update, not save(): a derived file or size is no edit, so it leaves the record's
        # version (an open admin form stays valid) and its history alone.
        model._base_manager.filter(pk=record.pk).update(**values)
        renew_after_write([table_key(model), record_key(model._meta.label_lower, record.pk)])

    def cannot_read(self, model, record, field, error):
        key = (model, record.pk, field.name)
        if key not in self.unreadable:
            self.unreadable.add(key)
            image = getattr(record, field.name)
            self.stderr.write(f"{model.__name__} {record.pk}: {image.name}: {error}")
