"""A list's checkbox filters (core/forms/flags.py): FlagFilter ticks on a few spellings of yes
and reads anything else as no restriction; a choice filter with the same checkbox refuses
anything but "1"."""

import django_filters
import pytest
from django.http import QueryDict

from core.forms.flags import FlagCheckbox, FlagFilter
from filmweek.models import Film


class Filters(django_filters.FilterSet):
    awarded = FlagFilter(method="only_awarded")
    founding = django_filters.ChoiceFilter(
        choices=[("1", "Founding")], widget=FlagCheckbox(ticked={"1"}), method="only_awarded"
    )

    class Meta:
        model = Film
        fields = ()

    def only_awarded(self, queryset, name, value):
        return queryset


def cleaned(query):
    form = Filters(QueryDict(query), queryset=Film.objects.none()).form
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("query", "ticked"),
    [("awarded=1", True), ("awarded=Yes", True), ("awarded=on", True), ("awarded=abc", False)]
    + [("awarded=0", False), ("", False)],
)
def test_flag_filter_ticks_on_yes_spellings_only(query, ticked):
    form = cleaned(query)

    assert form.cleaned_data["awarded"] is ticked
    assert ("checked" in str(form["awarded"])) is ticked


def test_flag_checkbox_of_a_choice_filter_refuses_other_values_unticked():
    form = cleaned("founding=yes")

    assert "founding" in form.errors
    assert "checked" not in str(form["founding"])


def test_flag_checkbox_sends_1_and_is_absent_when_unticked():
    form = cleaned("founding=1")

    assert form.cleaned_data["founding"] == "1"
    assert 'value="1"' in str(form["founding"]) and "checked" in str(form["founding"])
    assert cleaned("").cleaned_data["founding"] == ""
