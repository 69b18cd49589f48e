"""The other names a record is known by: one per line, at most 10 of at most 200 characters,
read from and written to an import file's cell."""

import pytest
from django.core.exceptions import ValidationError

from core.imports.columns import AliasesWidget
from core.models.aliases import MAX_ALIAS_LENGTH, MAX_ALIASES, alias_lines, validate_aliases


def test_alias_lines_drop_blank_lines_spaces_and_repeats():
    assert alias_lines(" Life Exchange \n\n  \nJiaohuan Rensheng\nLife Exchange") == [
        "Life Exchange",
        "Jiaohuan Rensheng",
    ]


def test_alias_lines_of_nothing_are_empty():
    assert [alias_lines(""), alias_lines(None)] == [[], []]


def test_validate_aliases_accepts_the_most_of_the_longest():
    validate_aliases("\n".join(f"{n:03d}" + "x" * (MAX_ALIAS_LENGTH - 3) for n in range(10)))


def test_validate_aliases_refuses_one_too_many_saying_how_many():
    with pytest.raises(ValidationError) as refused:
        validate_aliases("\n".join(f"Name {n}" for n in range(MAX_ALIASES + 1)))

    assert refused.value.messages == ["Give at most 10 other names, one per line; this has 11."]


def test_validate_aliases_refuses_a_long_line_quoting_its_start():
    with pytest.raises(ValidationError) as refused:
        validate_aliases("Short\n" + "y" * (MAX_ALIAS_LENGTH + 1))

    assert refused.value.messages == [
        f"“{'y' * 40}…” is longer than 200 characters: put each name on its own line."
    ]


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("Life Exchange; Jiaohuan Rensheng", "Life Exchange\nJiaohuan Rensheng"),
        ("Life Exchange；Jiaohuan Rensheng", "Life Exchange\nJiaohuan Rensheng"),
        ("Title; with a semicolon\nSecond", "Title; with a semicolon\nSecond"),
        ("", ""),
        (None, ""),
    ],
)
def test_aliases_cell_is_read_by_semicolons_or_lines(cell, stored):
    assert AliasesWidget().clean(cell) == stored


def test_aliases_cell_is_written_with_semicolons():
    assert AliasesWidget().render("Life Exchange\nJiaohuan Rensheng") == (
        "Life Exchange; Jiaohuan Rensheng"
    )
