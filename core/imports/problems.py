"""What an import says about a file it cannot take, in the staff's language and never as an
exception's name: each message names the row as a spreadsheet numbers it (the header row is
row 1), the column as the file writes it, the value (shortened) and what the column expects.
The admin's preview and `manage.py import_catalog` show the same messages (Result.problems).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.results import Result

VALUE_LENGTH = 60
# A cell starting with one of these is a formula to a spreadsheet program; an apostrophe
# before it marks it as text, as in Excel.
FORMULA_STARTS = ("=", "+", "-", "@")
TEXT_MARK = "'"
# What a spreadsheet writes in a cell whose formula failed.
SPREADSHEET_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
)
# Codes of Django's validation errors that mean "the value is missing" or "not what the
# column holds": the message then says what the column expects.
EMPTY_CODES = frozenset({"blank", "null", "required"})
EXPECTATION_CODES = frozenset({"invalid", "invalid_choice", "min_value", "max_value"})
# How a resource marks the errors it words itself (ValidationError codes).
EXPECTED, PROBLEM = "expected", "problem"

FORMULA_EXPECTED = _(
    "text that does not begin with =, +, - or @, which a spreadsheet would run as a formula "
    "(to keep such text, put an apostrophe before it: '=…)"
)


class ImportProblem(ValueError):
    """A problem of the whole file (its columns, its length, its bytes), worded for the
    staff."""


class UnreadableFile(ImportProblem):
    pass


class BadCell(ValueError):
    """A cell that does not hold what its column expects. `problem` is a sentence saying why;
    without one the message says what is expected: `expected`, else the column's own
    expectation."""

    def __init__(self, problem=None, *, expected=None):
        super().__init__(str(problem or expected or ""))
        self.problem, self.expected = problem, expected


def blank(value):
    return value is None or str(value).strip() == ""


def formula_like(text):
    """Whether a spreadsheet would run `text` as a formula."""
    return text.lstrip().startswith(FORMULA_STARTS)


def needs_text_mark(text):
    """Whether `text` is written with an apostrophe before it, to be read back as it is:
    text that reads as a formula, or that already begins with such an apostrophe."""
    return formula_like(text) or (text.startswith(TEXT_MARK) and needs_text_mark(text[1:]))


def shorten(value):
    """The value as a message quotes it: on one line, without control characters, at most
    VALUE_LENGTH characters."""
    value = " ".join(str(value).split())
    value = "".join(char if char.isprintable() else "\ufffd" for char in value)
    return value if len(value) <= VALUE_LENGTH else value[: VALUE_LENGTH - 1] + "…"


def place(row, column=None, value=None):
    """Where the problem is: "Row 3, column “year”, value “19x9”"."""
    if column is None:
        return _("Row %(row)d") % {"row": row}
    if blank(value):
        return _("Row %(row)d, column “%(column)s”, empty cell") % {"row": row, "column": column}
    return _("Row %(row)d, column “%(column)s”, value “%(value)s”") % {
        "row": row,
        "column": column,
        "value": shorten(value),
    }


def expected_message(where, expected):
    return _("%(place)s: expected %(expected)s.") % {"place": where, "expected": expected}


def problem_message(where, problem):
    return _("%(place)s: %(problem)s") % {"place": where, "problem": problem}


def item_problem(item, expected):
    """An item of a list cell ("CN; XX") that is not what the column expects."""
    return _("“%(item)s” is not %(expected)s.") % {"item": item, "expected": expected}


# What a column of a model field expects -----------------------------------------------------


def expectation(model_field, error=None):
    """What a cell of `model_field` should hold, as a phrase after "expected"; `error`, a
    Django validation error of the field, may say more (the limit that was passed)."""
    if error is not None and error.code == "max_length":
        return _("at most %(limit)d characters (this has %(length)d)") % {
            "limit": error.params["limit_value"],
            "length": error.params["show_value"],
        }
    if model_field is None:
        return _("a value this column accepts")
    if model_field.choices:
        return _("one of: %(choices)s") % {
            "choices": ", ".join(str(value) for value, _label in model_field.flatchoices)
        }
    if isinstance(model_field, models.IntegerField):
        return whole_number(*number_range(model_field, error))
    return text_expectation(model_field)


def text_expectation(model_field):
    if isinstance(model_field, models.URLField):
        return _("a web address starting with https://")
    if isinstance(model_field, models.EmailField):
        return _("an email address such as name@example.org")
    if isinstance(model_field, models.SlugField):
        return _("a slug of at most %(limit)d letters, digits and hyphens") % {
            "limit": model_field.max_length
        }
    if isinstance(model_field, models.CharField):
        return _("text of at most %(limit)d characters") % {"limit": model_field.max_length}
    if isinstance(model_field, models.DateTimeField):
        return _("a date and time as YYYY-MM-DD HH:MM")
    if isinstance(model_field, models.DateField):
        return _("a date as YYYY-MM-DD")
    return _("text")


def number_range(model_field, error=None):
    """The lowest and highest number the field's own validators allow (the database's range
    only where a value passed it, so that the message is the same on every database)."""
    low = high = None
    for validator in model_field._validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    if low is None and model_field.get_internal_type().startswith("Positive"):
        low = 0
    if error is not None and error.code == "min_value" and low is None:
        low = error.params["limit_value"]
    if error is not None and error.code == "max_value" and high is None:
        high = error.params["limit_value"]
    return low, high


def whole_number(low, high):
    if low is not None and high is not None:
        return _("a whole number from %(low)s to %(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("a whole number of %(low)s or more") % {"low": low}
    if high is not None:
        return _("a whole number of %(high)s or less") % {"high": high}
    return _("a whole number")


# The result of an import -------------------------------------------------------------------


class CatalogResult(Result):
    """An import's result that can say, in order, every problem of the file."""

    def problems(self):
        messages = [file_problem(error.error) for error in self.base_errors]
        for row in sorted(self.invalid_rows, key=lambda row: row.number):
            for errors in row.error_dict.values():
                messages += [str(message) for message in errors]
        for number, errors in self.row_errors():  # rows the resource did not word
            messages += [str(problem_message(place(number + 1), UNEXPECTED_ROW_PROBLEM))] * len(
                errors
            )
        return messages


def file_problem(error):
    if isinstance(error, ImportProblem):
        return str(error)
    return str(UNEXPECTED_FILE_PROBLEM)


UNEXPECTED_FILE_PROBLEM = _(
    "The file could not be checked because of an unexpected problem, which has been recorded "
    "for the developers. Nothing has been written."
)
UNEXPECTED_ROW_PROBLEM = _(
    "this row could not be checked because of an unexpected problem, which has been recorded "
    "for the developers."
)


def row_message_order(columns, headers):
    """The columns of a row's errors in the order of the file, the row's own errors first."""

    def position(column):
        if column == NON_FIELD_ERRORS:
            return -1
        return headers.index(column) if column in headers else len(headers)

    return sorted(columns, key=position)
