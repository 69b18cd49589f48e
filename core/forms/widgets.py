"""Choice widgets that write their HTML directly instead of rendering one template per option.

A filter form can offer 250 countries; Django's template-per-option widgets spend most of the
film list's time on them. The markup is the one Django's own widgets produce (same ids, labels
and attributes), so labels, error messages and assistive technology work the same.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from core.forms.facets import EMPTY_CLASS, count_text


def escape(text):
    """django.utils.html.escape without its lazy-string wrapper, which costs more than the
    escaping itself when run for every one of 250 options."""
    return html.escape(str(text))


def _chosen(value):
    """The submitted value(s) as a set of strings."""
    if value is None:
        return set()
    values = value if isinstance(value, (list, tuple)) else [value]
    return {str(item) for item in values if item is not None}


def _flat_choices(choices):
    for option_value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup: not used by the filters
            yield from label
        else:
            yield option_value, label


class CountedChoicesMixin:
    """Each option's label with its count, when the form was given counts (show_counts of
    core.forms.facets): (value, label, class attribute) of each option."""

    counts = None  # {option value: count}; a value missing from it counts 0

    def counted_choices(self):
        for option, label in _flat_choices(self.choices):
            if self.counts is None or option == "":
                yield option, label, ""
            else:
                count = self.counts.get(str(option), 0)
                empty = "" if count else f' class="{EMPTY_CLASS}"'
                yield option, count_text(label, count), empty


class FastSelect(CountedChoicesMixin, forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = _chosen(self.format_value(value))
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        options = "".join(
            f'<option value="{escape(option)}"{empty}'
            f"{' selected' if str(option) in chosen else ''}>{escape(label)}</option>"
            for option, label, empty in self.counted_choices()
        )
        # The name first, as Django's template writes it.
        select = f'<select name="{escape(name)}"{attributes}>{options}</select>'
        return mark_safe(select)  # noqa: S308 (escaped)


class FastCheckboxSelectMultiple(CountedChoicesMixin, forms.CheckboxSelectMultiple):
    """Each choice as a checkbox inside its label, without the `<div>`, `for` and `id` Django
    gives each one: the film list's 249 countries took 31 KB of its 53 KB page that way."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = _chosen(value)
        group_id = escape((attrs or {}).get("id") or self.attrs.get("id") or "")
        name = escape(name)
        boxes = "".join(
            f'<label{empty}><input type="checkbox" name="{name}" value="{escape(option)}"'
            f"{' checked' if str(option) in chosen else ''}>{escape(label)}</label>"
            for option, label, empty in self.counted_choices()
        )
        wrapper = f' id="{group_id}"' if group_id else ""
        return mark_safe(f"<div{wrapper}>{boxes}</div>")  # noqa: S308 (escaped)


class FastInputMixin:
    """An <input> written directly: type, name, value, then the widget's attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        attributes = {"type": self.input_type, "name": name}
        shown = self.format_value(value)
        if shown not in (None, ""):
            attributes["value"] = shown
        attributes.update(self.build_attrs(self.attrs, attrs))
        if isinstance(self, forms.CheckboxInput) and self.check_test(value):
            attributes["checked"] = True
        return mark_safe(f"<input{flatatt(attributes)}>")  # noqa: S308 (flatatt escapes)


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastSearchInput(FastInputMixin, forms.SearchInput):
    pass


class FastCheckboxInput(FastInputMixin, forms.CheckboxInput):
    pass
