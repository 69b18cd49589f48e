"""Choice fields that share their choices with their copies (core.forms.choice_filters)."""

import copy

import pytest
from django import forms

from core.forms.choice_filters import ChoiceField, MultipleChoiceField

COUNTRIES = [("CN", "China"), ("RU", "Russia"), ("KZ", "Kazakhstan")]


def test_choice_field_copy_shares_choices_not_widget_attributes():
    field = ChoiceField(choices=COUNTRIES, empty_label="Any country")

    copied = copy.deepcopy(field)
    copied.widget.attrs["class"] = "chosen"

    assert copied.choices.choices is field.choices.choices
    assert "class" not in field.widget.attrs


def test_choice_field_lists_empty_label_then_choices():
    field = ChoiceField(choices=COUNTRIES, empty_label="Any country")

    listed = list(copy.deepcopy(field).choices)

    assert listed == [("", "Any country"), *COUNTRIES]


def test_choice_field_copy_accepts_a_choice_and_refuses_others():
    field = copy.deepcopy(ChoiceField(choices=COUNTRIES, empty_label="Any country"))

    with pytest.raises(forms.ValidationError):
        field.clean("XX")

    assert field.clean("RU") == "RU"


def test_multiple_choice_field_copy_accepts_several_choices():
    field = copy.deepcopy(MultipleChoiceField(choices=COUNTRIES))

    assert field.clean(["CN", "KZ"]) == ["CN", "KZ"]


def test_choice_field_normalises_choices_that_are_not_a_list():
    field = ChoiceField(choices={"CN": "China", "RU": "Russia"}, empty_label=None)

    assert list(field.choices) == [("CN", "China"), ("RU", "Russia")]
