"""The change history of the catalog records (django-simple-history): every save and delete
writes a row to the model's historical table with who did it and when, and the admin shows
field-by-field differences and restores any version. A version is named by the model's
__str__, which reads its related records through `related_text` and `related_or_none`, since
the rows a past version points at may have been deleted since."""

from django.core.exceptions import ObjectDoesNotExist
from simple_history.models import HistoricalRecords


def catalog_history(*excluded):
    """The `history` of a catalog model. `excluded` names columns left out of the historical
    table: derived ones (search_text) and counters that only go up (a calendar's SEQUENCE),
    which restoring a version would otherwise set back; a restored version keeps their
    current values."""
    return HistoricalRecords(excluded_fields=list(excluded), cascade_delete_history=False)


def related_or_none(instance, name):
    """The record the foreign key `name` of `instance` points at, or None when it is empty or
    the record no longer exists (a past version can point at a deleted row)."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def related_text(instance, name):
    """str() of the record the foreign key `name` points at; for one that no longer exists,
    its kind and id ("activity #12"), so that a past version can always be named."""
    related = related_or_none(instance, name)
    if related is not None:
        return str(related)
    field = instance._meta.get_field(name)
    key = getattr(instance, field.attname)
    if key is None:
        return str(related)
    return f"{field.related_model._meta.verbose_name} #{key}"
