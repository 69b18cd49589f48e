"""The form side of safe concurrent edits (core.models.versioning): a form carries the version it
was opened with in a hidden field and, while validating, refuses to save over a newer version,
listing what changed meanwhile (read from the record's history)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.models.versioning import current_version

VERSION_FIELD = "expected_version"
VALUE_WIDTH = 80


def _shown(field, value):
    if value is None or value == "":
        return "–"
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    text = str(value)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def in_field_order(model, changes):
    """simple-history's ModelChange list in the order the model declares its fields."""
    order = {field.name: position for position, field in enumerate(model._meta.fields)}
    return sorted(changes, key=lambda change: order.get(change.field, len(order)))


def changes_since(instance, version):
    """[(when, who, [(field label, old, new)])] of the saves after `version`, oldest first,
    from the record's history; empty for a model without history."""
    history = getattr(instance, "history", None)
    if history is None:
        return []
    records = list(
        history.filter(version__gte=version).select_related("history_user").order_by("version")
    )
    saves = []
    for before, after in zip(records, records[1:], strict=False):
        delta = after.diff_against(before, foreign_keys_are_objs=True)
        fields = []
        for change in in_field_order(type(instance), delta.changes):
            field = instance._meta.get_field(change.field)
            label = str(field.verbose_name)
            fields.append((label, _shown(field, change.old), _shown(field, change.new)))
        saves.append((after.history_date, after.history_user, fields))
    return saves


def conflict_messages(instance, expected, current):
    """What a refused form says: who changed what since the form was opened."""
    head = _(
        "Someone else saved this %(model)s after you opened it (version %(opened)s, now "
        "%(current)s), so your changes were not saved. Here is what changed meanwhile; open "
        "the page again to see the current version, then make your changes once more."
    ) % {"model": instance._meta.verbose_name, "opened": expected, "current": current}
    lines = [head]
    for when, who, fields in changes_since(instance, expected):
        stamp = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
        changed = "; ".join(f"{label}: “{old}” → “{new}”" for label, old, new in fields)
        lines.append(
            _("%(when)s, %(who)s: %(changes)s")
            % {
                "when": stamp,
                "who": who or _("an import or a script"),
                "changes": changed or _("no visible field changed"),
            }
        )
    return lines


def unknown_version_message(instance):
    """What a change form sent without the version it was opened with says."""
    return _(
        "This form did not say which version of the %(model)s it was opened with, so your "
        "changes were not saved: they could have overwritten someone else's newer save. Your "
        "changes are still in the form below; open the page again, then make them once more."
    ) % {"model": instance._meta.verbose_name}


class VersionCheckForm(forms.ModelForm):
    """A model form that refuses to save over a version it was not opened with, and a change
    that does not say which version it was opened with (a new record needs none)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        if getattr(self.instance, "_history", None) is not None:
            # A past version (simple-history's) shown to be restored replaces the version
            # saved now: it starts from that one.
            self.instance.version = current_version(self.instance) or self.instance.version
        if VERSION_FIELD in self.fields:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        expected = cleaned.get(VERSION_FIELD)
        if expected is None:
            # Missing, empty or not a whole number: the form may be older than the record.
            # Said above the form, since the field itself is hidden.
            self.errors.pop(VERSION_FIELD, None)
            raise ValidationError(unknown_version_message(self.instance), code="version_missing")
        current = current_version(self.instance)
        if current is not None and current != expected:
            raise ValidationError(
                conflict_messages(self.instance, expected, current), code="edit_conflict"
            )
        self.instance.version = expected
        return cleaned


def versioned_form(form_class):
    """`form_class` with the version check."""
    if issubclass(form_class, VersionCheckForm):
        return form_class
    if form_class is forms.ModelForm:
        return VersionCheckForm
    return type(form_class.__name__, (VersionCheckForm, form_class), {})
