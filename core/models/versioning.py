"""Safe concurrent edits: every save of a record raises its `version` by one, and a save that
started from an older version is refused instead of silently overwriting what someone else
saved in the meantime.

`Versioned` turns the UPDATE of a save into `UPDATE ... SET ..., version = n + 1 WHERE id = ?
AND version = n`, so two saves cannot both win, even in the same instant. The form side is
core.forms.versioning; the conditional UPDATE catches a save that slips in between a form's
validation and its save.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """A save found the record at another version than the one it started from."""

    def __init__(self, instance, expected):
        self.instance = instance
        self.expected = expected
        super().__init__(
            f"{type(instance).__name__} {instance.pk} was saved by someone else after "
            f"version {expected}"
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if self._state.adding or self.pk is None or update_fields == []:
            super().save(*args, update_fields=update_fields, **kwargs)
            return
        expected = self.version
        self._expected_version = expected
        self.version = expected + 1
        if update_fields is not None:
            update_fields = {*update_fields, "version"}
        try:
            super().save(*args, update_fields=update_fields, **kwargs)
        except BaseException:
            self.version = expected
            raise
        finally:
            self._expected_version = None

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        row = base_qs.filter(pk=pk_val)
        if row.filter(version=expected)._update(values) > 0:
            return True
        if row.exists():
            raise EditConflict(self, expected)
        return False  # deleted meanwhile: Django inserts it again, as without versions


def current_version(instance):
    """The version saved in the database now; None if the record is gone."""
    manager = type(instance)._base_manager
    return manager.filter(pk=instance.pk).values_list("version", flat=True).first()
