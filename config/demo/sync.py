"""Idempotent writes for the demo loader: a second run finds everything in place and writes
nothing (not even an `updated_at`)."""

from collections import Counter

from django.apps import apps


class SyncLog(Counter):
    """Counts created / updated / unchanged rows per model."""

    def summary(self):
        return ", ".join(f"{count} {what}" for what, count in sorted(self.items()))


log = SyncLog()


def sync(model, lookup, **values):
    """Create the row identified by `lookup`, or bring its `values` up to date; validate first."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        log["created"] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        log["updated"] += 1
    else:
        log["unchanged"] += 1
    return obj


def sync_set(manager, objects):
    """Make a many-to-many relation hold exactly `objects`."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objects)
        log["updated"] += 1


def row_counts():
    """Rows per model of the project's apps, to prove a second load changes nothing."""
    labels = ("alliance", "filmweek", "screenings", "auth")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }
