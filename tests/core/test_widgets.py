"""The direct-HTML choice widgets write what Django's template widgets write."""

import pytest
from django import forms
from django.test.html import parse_html

from core.forms.widgets import (
    FastCheckboxInput,
    FastCheckboxSelectMultiple,
    FastSearchInput,
    FastSelect,
    FastTextInput,
)

CHOICES = [("", "Any"), ("CN", "China"), ("RU", 'Russia <"&">')]


@pytest.mark.parametrize(
    ("fast", "django_widget", "value"),
    [
        (FastSelect, forms.Select, "CN"),
        (FastSelect, forms.Select, None),
    ],
)
def test_fast_choice_widget_writes_what_django_writes(fast, django_widget, value):
    attrs = {"id": "id_country"}

    ours = fast(choices=CHOICES).render("country", value, attrs)
    theirs = django_widget(choices=CHOICES).render("country", value, attrs)

    assert parse_html(ours) == parse_html(theirs)


@pytest.mark.parametrize("value", [["CN", "RU"], [], ["RU"]])
def test_fast_checkboxes_are_each_inside_their_label_checked_as_given(value):
    html = FastCheckboxSelectMultiple(choices=CHOICES).render("country", value, {"id": "id_c"})

    assert parse_html(html) == parse_html(
        '<div id="id_c">'
        + "".join(
            f'<label><input type="checkbox" name="country" value="{option}"'
            f"{' checked' if option in value else ''}>{label}</label>"
            for option, label in [
                ("", "Any"),
                ("CN", "China"),
                ("RU", "Russia &lt;&quot;&amp;&quot;&gt;"),
            ]
        )
        + "</div>"
    )


@pytest.mark.parametrize(
    ("fast", "django_widget", "value"),
    [
        (FastTextInput, forms.TextInput, '1990"><script>'),
        (FastTextInput, forms.TextInput, ""),
        (FastSearchInput, forms.SearchInput, "雷佳音"),
        (FastCheckboxInput, forms.CheckboxInput, True),
        (FastCheckboxInput, forms.CheckboxInput, False),
    ],
)
def test_fast_input_writes_what_django_writes(fast, django_widget, value):
    attrs = {"id": "id_q", "aria-describedby": "id_q_error"}

    ours = fast(attrs={"size": 6}).render("q", value, attrs)
    theirs = django_widget(attrs={"size": 6}).render("q", value, attrs)

    assert parse_html(ours) == parse_html(theirs)
