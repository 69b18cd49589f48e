"""The rules every catalog file of the import and export (django-import-export) follows (the
columns several files share are in core.imports.columns).

Every file is keyed on a natural key (a slug; a film's title and year; a person's name), so
importing the same file twice changes nothing the second time: unchanged rows are reported
as such and not saved. A file is imported whole or not at all: the preview runs the import in
a transaction that is rolled back, and the confirmed import rolls back on any bad row. What
it says of a bad file is worded by core.imports.problems.
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import UniqueConstraint
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from core.imports.columns import RelationColumn, WholeNumberWidget, text
from core.imports.problems import (
    EMPTY_CODES,
    EXPECTATION_CODES,
    EXPECTED,
    FORMULA_EXPECTED,
    PROBLEM,
    SPREADSHEET_ERRORS,
    TEXT_MARK,
    UNEXPECTED_ROW_PROBLEM,
    BadCell,
    CatalogResult,
    ImportProblem,
    blank,
    expectation,
    expected_message,
    formula_like,
    needs_text_mark,
    place,
    problem_message,
    row_message_order,
)
from core.search.text import HAN, normalise, pinyin_forms

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 100


def slug_for(*names):
    """A slug from the first name that gives one; Chinese is written in pinyin."""
    for name in names:
        name = text(name)
        if HAN.search(name):
            forms = pinyin_forms(name)
            name = forms[0] if forms else name
        slug = slugify(normalise(name))[:100].strip("-")
        if slug:
            return slug
    return ""


def unused_slug(model, base, taken=()):
    """`base`, or `base-2`, `base-3`... if a record (or an earlier row of the file) has it."""
    slug, number = base, 1
    while slug in taken or model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class CatalogResource(resources.ModelResource):
    """The rules of every catalog file: known column names, no record twice in one file,
    unchanged rows not saved again, model validation on every row, all or nothing; each
    problem worded with its row, column, value and what the column expects."""

    required_columns = ()
    # A row names its record by slug or, without one, by these columns (a name; a title and
    # a year): the duplicate check uses the same key.
    name_columns = ()
    column_help = {}

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        **dict.fromkeys(
            (
                "IntegerField",
                "PositiveIntegerField",
                "BigIntegerField",
                "PositiveBigIntegerField",
                "PositiveSmallIntegerField",
                "SmallIntegerField",
            ),
            WholeNumberWidget,
        ),
    }

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        # The records a file names by slug are read in one query (resources keyed otherwise
        # set ModelInstanceLoader).
        instance_loader_class = CachedInstanceLoader

    def __init__(self, max_rows=None, progress=None, **kwargs):
        """`max_rows`: refuse a longer file; `progress(done, total)`: told every
        PROGRESS_EVERY rows (the import command prints it)."""
        super().__init__(**kwargs)
        self.duplicates = {}
        self.max_rows = max_rows
        self.progress = progress
        self.done = self.total = 0
        self.file_columns = None  # all of them, for an export
        self.headers = []
        self.written = {}  # column -> its header as the file writes it
        self.sheet_rows = None  # the spreadsheet's number of each row read

    @classmethod
    def column_names(cls):
        return [field.column_name for field in cls().get_import_fields()]

    @classmethod
    def get_result_class(cls):
        return CatalogResult

    def natural_key(self, row):
        """What identifies the row's record, with the column to blame for a repeat."""
        slug = text(row.get("slug")).casefold()
        if slug:
            return "slug", (slug,)
        names = tuple(text(row.get(column)).casefold() for column in self.name_columns)
        return (self.name_columns[0], names) if any(names) else None

    def prepare(self, dataset):
        """Adjust the file before its rows are read (add a derived key column, say)."""

    def sheet_row(self, number):
        """The spreadsheet's number of the file's `number`th row (the header is row 1)."""
        if self.sheet_rows is not None and 0 < number <= len(self.sheet_rows):
            return self.sheet_rows[number - 1]
        return number + 1

    def before_import(self, dataset, **kwargs):
        self.sheet_rows = getattr(dataset, "sheet_rows", None)
        written = [text(header) for header in dataset.headers or []]
        dataset.headers = [header.lower() for header in written]
        self.headers = list(dataset.headers)
        self.written = dict(zip(dataset.headers, written, strict=True))
        self.check_headers(dataset)
        self.total = len(dataset)
        self.file_columns = set(dataset.headers)
        first_row = {}
        for number, values in enumerate(dataset, 1):
            key = self.natural_key(dict(zip(dataset.headers, values, strict=False)))
            if key is None:
                continue
            if key in first_row:
                self.duplicates[number] = (key[0], self.sheet_row(first_row[key]))
            else:
                first_row[key] = number
        self.prepare(dataset)

    def check_headers(self, dataset):
        """Nothing of a file with wrong columns or too many rows is read."""
        known = self.column_names()
        unknown = [header for header in dataset.headers if header and header not in known]
        missing = [column for column in self.required_columns if column not in dataset.headers]
        headers = dataset.headers
        repeated = sorted({header for header in headers if header and headers.count(header) > 1})
        if unknown or missing or repeated:
            del dataset[:]
            raise ImportProblem(header_problems(unknown, missing, repeated, known))
        if self.max_rows is not None and len(dataset) > self.max_rows:
            rows = len(dataset)
            del dataset[:]
            raise ImportProblem(
                _(
                    "The file has %(rows)d rows; up to %(limit)d are imported here. Split it, "
                    "or import it with the command manage.py import_catalog."
                )
                % {"rows": rows, "limit": self.max_rows}
            )

    def handle_import_error(self, result, error, raise_errors=False):
        if not isinstance(error, ImportProblem):
            logger.error("An import file could not be checked.", exc_info=error)
        super().handle_import_error(result, error, raise_errors)

    def before_import_row(self, row, **kwargs):
        duplicate = self.duplicates.get(kwargs.get("row_number"))
        if duplicate is not None:
            column, first = duplicate
            raise ValidationError(
                {
                    column: _(
                        "row %(first)s already has this record: each record appears once in a file."
                    )
                    % {"first": first}
                }
            )

    def import_row(self, row, instance_loader, **kwargs):
        """The row's result, its problems worded for the staff."""
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.sheet_row = self.sheet_row(kwargs["row_number"])
        if row_result.errors:  # an exception none of the checks expected
            for error in row_result.errors:
                logger.error("An import row could not be checked.", exc_info=error.error)
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(UNEXPECTED_ROW_PROBLEM)
        if row_result.validation_error is not None:
            row_result.validation_error = self.worded(
                row, row_result.sheet_row, row_result.validation_error
            )
        return row_result

    def worded(self, row, sheet_row, error):
        """`error` as messages that name the row, the column, the value and what is expected,
        in the order of the file's columns, one a cell. Errors of columns the file lacks (a
        slug made from the name) are told only when nothing else is wrong with the row."""
        errors = getattr(error, "error_dict", None) or {NON_FIELD_ERRORS: error.error_list}
        in_file = [column for column in errors if column in {*self.headers, NON_FIELD_ERRORS}]
        columns = in_file or list(errors)
        worded = {}
        for column in row_message_order(columns, self.headers):
            # One message a cell: a URL the field refuses is not also told its scheme by clean().
            told = errors[column] if column == NON_FIELD_ERRORS else errors[column][:1]
            worded[self.written.get(column, column)] = [
                str(self.cell_message(sheet_row, column, row.get(column), each)) for each in told
            ]
        return ValidationError(worded)

    def cell_message(self, sheet_row, column, value, error):
        if column == NON_FIELD_ERRORS:
            return problem_message(place(sheet_row), " ".join(error.messages))
        header = self.written.get(column, column)
        if error.code == EXPECTED:
            return expected_message(place(sheet_row, header, value), error.message)
        if error.code in EMPTY_CODES:
            return expected_message(place(sheet_row, header), self.expected(column))
        if error.code in EXPECTATION_CODES or error.code == "max_length":
            return expected_message(place(sheet_row, header, value), self.expected(column, error))
        return problem_message(place(sheet_row, header, value), " ".join(error.messages))

    def expected(self, column, error=None):
        """What a cell of `column` should hold."""
        field = self.field_for_column(column)
        if field is None:
            return expectation(None, error)
        own = getattr(field, "expected", None) or getattr(field.widget, "expected", None)
        if own is not None and (error is None or error.code != "max_length"):
            return own
        return expectation(self.model_field(field), error)

    def field_for_column(self, column):
        for field in self.get_import_fields():
            if field.column_name == column:
                return field
        return None

    def column_for(self, name):
        """The column of a model field's errors: released_on's are the released column's."""
        for field in self.get_import_fields():
            if field.attribute == name:
                return field.column_name
        return name

    def by_column(self, error):
        if not hasattr(error, "error_dict"):
            return error
        return ValidationError(
            {self.column_for(name): errors for name, errors in error.error_dict.items()}
        )

    def import_instance(self, instance, row, **kwargs):
        """Read every cell of the row; a cell that cannot be read is an error of its column
        saying what the column expects, never an exception."""
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValidationError as error:
                errors[field.column_name] = ValidationError(" ".join(error.messages), PROBLEM)
            except (ValueError, ArithmeticError, TypeError) as error:
                errors[field.column_name] = self.cell_error(error)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def cell_error(error):
        if isinstance(error, BadCell) and error.problem:
            return ValidationError(str(error.problem), code=PROBLEM)
        if isinstance(error, BadCell) and error.expected:
            return ValidationError(str(error.expected), code=EXPECTED)
        # Not a message for the staff (a library's): the column's expectation says more.
        return ValidationError("", code="invalid")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() with the unique constraints but not the check constraints: each of
        those compiles a query per row (most of the time of a long file), and their rules are
        the field validators' and clean()'s, which run; the database refuses the rest."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=self.attributes_of(errors),
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = self.by_column(error).update_error_dict(errors)
        for constraint in instance._meta.constraints:
            if isinstance(constraint, UniqueConstraint):
                try:
                    constraint.validate(
                        type(instance), instance, exclude=set(self.attributes_of(errors))
                    )
                except ValidationError as error:
                    errors = self.by_column(error).update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def attributes_of(self, columns):
        """The model fields of `columns` (the errors found so far), not to be checked again."""
        attributes = []
        for column in columns:
            field = self.field_for_column(column)
            attributes.append(field.attribute if field is not None and field.attribute else column)
        return attributes

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:  # an unreadable key: reported on its own column
            return None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in row:
            row[field.column_name] = self.readable(field, row[field.column_name])
        if field.column_name in row and blank(row[field.column_name]):
            model_field = self.model_field(field)
            if model_field is not None and not model_field.blank and model_field.has_default():
                # An empty cell of a column that may not be empty (status, kind) keeps the
                # record's value: the default for a new record.
                return
            if model_field is not None and model_field.empty_strings_allowed:
                row[field.column_name] = ""  # an empty Excel cell reads as None
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def readable(self, field, value):
        """The cell as the record takes it. A spreadsheet's error value is refused, and so is
        text that a spreadsheet would run as a formula (= + - @ first) unless an apostrophe
        marks it as text; formulas are never run here."""
        if not isinstance(value, str):
            return value
        if value.strip() in SPREADSHEET_ERRORS:
            raise BadCell(
                _("the spreadsheet could not work out the formula of this cell: write the value.")
            )
        if not self.is_text_column(field):
            return value
        if value.startswith(TEXT_MARK) and needs_text_mark(value[1:]):
            return value[1:]
        if formula_like(value):
            raise BadCell(expected=FORMULA_EXPECTED)
        return value

    def is_text_column(self, field):
        model_field = self.model_field(field)
        return isinstance(model_field, models.CharField | models.TextField) and not (
            model_field.choices
        )

    def model_field(self, field):
        try:
            model_field = self._meta.model._meta.get_field(field.attribute)
        except (FieldDoesNotExist, TypeError):
            return None
        return model_field if getattr(model_field, "concrete", False) else None

    def after_import_row(self, row, row_result, **kwargs):
        self.done += 1
        if self.progress and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def export_field(self, field, instance, **kwargs):
        # The preview's diff reads every column; one the file lacks costs no query.
        if (
            isinstance(field, RelationColumn)
            and self.file_columns is not None
            and field.column_name not in self.file_columns
        ):
            return ""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and needs_text_mark(value) and self.is_text_column(field):
            # A spreadsheet opening the file shows the text and runs nothing.
            return TEXT_MARK + value
        return value

    def relation_columns(self):
        return [field for field in self.get_import_fields() if isinstance(field, RelationColumn)]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field, RelationColumn):
                if field.changes(instance):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def after_save_instance(self, instance, row, **kwargs):
        with transaction.atomic():
            for field in self.relation_columns():
                if field.column_name in row:
                    field.write(instance, dry_run=kwargs.get("dry_run", False))


def header_problems(unknown, missing, repeated, known):
    parts = []
    if unknown:
        parts.append(
            _("The file has columns this import does not know: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    if missing:
        parts.append(_("The file lacks the columns %(columns)s.") % {"columns": ", ".join(missing)})
    if repeated:
        parts.append(
            _("Row 1 names these columns more than once: %(columns)s.")
            % {"columns": ", ".join(repeated)}
        )
    parts.append(_("The columns are: %(columns)s.") % {"columns": ", ".join(known)})
    return " ".join(str(part) for part in parts)


def name_slug(row):
    return slug_for(row.get("name_en"), row.get("name_zh"))


def single_or_none(queryset):
    """The one record of `queryset`; None when it has none or several."""
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


class NameKeyedResource(CatalogResource):
    """A file of records named by slug or, without one, by their English name: a row without a
    slug gets the slug of the one record of that name, or a new slug made from the name."""

    name_columns = ("name_en",)

    def prepare(self, dataset):
        fill_slugs(dataset, self._meta.model, name_slug, find=self.named)

    def named(self, row):
        manager = self._meta.model._default_manager
        return single_or_none(manager.filter(name_en=text(row.get("name_en"))))


def fill_slugs(dataset, model, make_slug, find=None):
    """Give rows without a slug the slug of the record they name (found by `find(row)`), or a
    new one from `make_slug(row)`; adds the column if the file has none."""
    if "slug" not in dataset.headers:
        dataset.append_col([""] * len(dataset), header="slug")
    position = dataset.headers.index("slug")
    taken = {text(values[position]) for values in dataset if not blank(values[position])}
    for index, values in enumerate(list(dataset)):
        if not blank(values[position]):
            continue
        row = dict(zip(dataset.headers, values, strict=False))
        existing = find(row) if find else None
        if existing is not None:
            slug = existing.slug
        else:
            base = make_slug(row)
            slug = unused_slug(model, base, taken) if base else ""
        taken.add(slug)
        values = list(values)
        values[position] = slug
        dataset[index] = values
