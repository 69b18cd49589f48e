"""Choice filters whose form fields share their list of choices and read it as it is.

A form deep-copies every field on each request, and a choice field deep-copies its choices: 250
countries, each a tuple of strings, copied twice per request (once by the filter set, once by
the form) for a list that nothing ever changes in place. And each time the choices are read
(to validate, then to render), every one of them is normalised again. These fields copy
everything else as Django does, share the list, and normalise it once, when it is set.
"""

import django_filters
from django import forms
from django.utils.choices import normalize_choices
from django_filters import fields


class _Choices(fields.ChoiceIterator):
    """The empty choice, then the choices, normalised once."""

    def __init__(self, field, choices):
        super().__init__(
            field, choices if isinstance(choices, list) else normalize_choices(choices)
        )

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.choices


class _SharedChoices:
    iterator = _Choices

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the widget and messages, not the choices


class ChoiceField(_SharedChoices, fields.ChoiceField):
    pass


class MultipleChoiceField(_SharedChoices, fields.MultipleChoiceField):
    pass


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = ChoiceField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = MultipleChoiceField
