"""A checkbox filter of a public list ("co-productions only", "founding members only"), sent as
`name=1`. The widget passes on the value sent as it came, for the field to read: FlagField
ticks on 1, true, on and yes and reads anything else as unticked (no restriction, never
"exclude"); a choice field offering only "1" refuses anything else with a message."""

import django_filters
from django import forms

from core.forms.widgets import FastCheckboxInput

TICKED = frozenset({"1", "true", "on", "yes"})


def is_ticked(value, ticked=TICKED):
    return str("" if value is None else value).strip().lower() in ticked


class FlagCheckbox(FastCheckboxInput):
    """`ticked`: the values sent that show it ticked."""

    def __init__(self, ticked=TICKED):
        super().__init__(attrs={"value": "1"}, check_test=lambda value: is_ticked(value, ticked))

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.BooleanField):
    def to_python(self, value):
        return is_ticked(value)


class FlagFilter(django_filters.Filter):
    """A FlagCheckbox; its method is given True (ticked) or False."""

    field_class = FlagField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FlagCheckbox())
        super().__init__(*args, **kwargs)
