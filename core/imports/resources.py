"""The rules every catalog file of the import and export (django-import-export) follows, and
the columns several files share.

Every file is keyed on a natural key (a slug; a film's title and year; a person's name), so
importing the same file twice changes nothing the second time: unchanged rows are reported
as such and not saved. A file is imported whole or not at all: the preview runs the import in
a transaction that is rolled back, and the confirmed import rolls back on any bad row.
"""

import datetime
import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from core.models import DatePrecision, normalise_partial_date
from core.search.text import HAN, normalise, pinyin_forms

LIST_SEPARATOR = ";"
PROGRESS_EVERY = 100
# "2018-06-16", "2020-04" or "2020": a date known to the day, the month or the year.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def blank(value):
    return value is None or str(value).strip() == ""


def text(value):
    return "" if value is None else str(value).strip()


def list_items(value):
    """The items of a list cell: "CN; KZ" -> ["CN", "KZ"]; full-width semicolons count too."""
    return [
        item.strip()
        for item in text(value).replace("；", LIST_SEPARATOR).split(";")
        if item.strip()
    ]


def parse_partial_date(value):
    """(date, precision) of "2018-06-16", "2020-04" or "2020"; an Excel date is a day."""
    if isinstance(value, datetime.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    match = PARTIAL_DATE.match(text(value))
    if not match:
        raise ValueError(
            _("“%(value)s” is not a date: write 2018-06-16, 2020-04 or 2020.") % {"value": value}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        date = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date: there is no such day.") % {"value": value}
        ) from None
    return normalise_partial_date(date, precision), precision


def render_partial_date(date, precision):
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


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


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record named by a unique column (a slug); an unknown value is an error that
    names it. Each value is looked up once per file."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field, **kwargs)
        self.found = {}

    def key(self, value):
        return text(value)

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        key = self.key(value)
        if key not in self.found:
            self.found[key] = self.model._default_manager.filter(**{self.field: key}).first()
        if self.found[key] is None:
            raise ValueError(self.unknown_message(key))
        return self.found[key]

    def unknown_message(self, key):
        return _("There is no %(model)s with the %(field)s “%(value)s”.") % {
            "model": self.model._meta.verbose_name,
            "field": self.field,
            "value": key,
        }

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class AliasesWidget(widgets.Widget):
    """A record's other names (kept one per line) as one cell: "Jiaohuan Rensheng; Life
    Exchange"; a cell with line breaks is read one name per line instead."""

    def clean(self, value, row=None, **kwargs):
        cell = text(value)
        names = cell.splitlines() if "\n" in cell else list_items(cell)
        return "\n".join(name.strip() for name in names if name.strip())

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join((value or "").splitlines())


def aliases_column():
    return fields.Field(attribute="aliases", column_name="aliases", widget=AliasesWidget())


ALIASES_HELP = _(
    "Other names or titles, separated by semicolons (or one per line): at most 10, each up to "
    "200 characters. Searched like the main name."
)


class PartialDateWidget(widgets.Widget):
    """A date known to the day, month or year, written 2018-06-16, 2020-04 or 2020; `clean`
    returns (date, precision)."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return (None, DatePrecision.DAY)
        return parse_partial_date(value)


class PartialDateField(fields.Field):
    """One column for a date and its precision field (`released_on` and
    `released_precision`)."""

    def __init__(self, column_name, attribute, precision_attribute, **kwargs):
        super().__init__(
            column_name=column_name, attribute=attribute, widget=PartialDateWidget(), **kwargs
        )
        self.precision_attribute = precision_attribute

    def save(self, instance, row, is_m2m=False, **kwargs):
        date, precision = self.clean(row, **kwargs)
        setattr(instance, self.attribute, date)
        setattr(instance, self.precision_attribute, precision)

    def get_value(self, instance):
        return render_partial_date(
            getattr(instance, self.attribute), getattr(instance, self.precision_attribute)
        )

    def export(self, instance, **kwargs):
        return self.get_value(instance)


class RelationColumn(fields.Field):
    """A column that stands for related rows (a film's credits, an institution's memberships),
    written as a list in one cell. Reading the cell only parses it; the rows are written after
    the record is saved. An empty cell leaves the related rows as they are."""

    def __init__(self, column_name, **kwargs):
        super().__init__(column_name=column_name, attribute=column_name, **kwargs)
        self.saved = {}  # record pk -> its related rows as read, until written

    def pending_name(self):
        return f"_pending_{self.column_name}"

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = row.get(self.column_name)
        setattr(instance, self.pending_name(), None if blank(value) else self.parse(value))

    def get_value(self, instance):
        pending = getattr(instance, self.pending_name(), None)
        if pending is not None:
            return self.render_items(pending)
        return self.render_items(self.saved_items(instance)) if instance.pk else ""

    def saved_items(self, instance):
        """current(instance), read once per record: the preview's diff and the unchanged
        check both ask."""
        if instance.pk not in self.saved:
            self.saved[instance.pk] = self.current(instance)
        return self.saved[instance.pk]

    def export(self, instance, **kwargs):
        return self.get_value(instance)

    def changes(self, instance):
        """Whether writing the parsed cell would change anything."""
        pending = getattr(instance, self.pending_name(), None)
        if pending is None:
            return False
        return not instance.pk or self.would_change(instance, pending)

    def would_change(self, instance, items):
        return self.render_items(items) != self.render_items(self.saved_items(instance))

    def write(self, instance, dry_run=False):
        """Write the related rows; a preview (dry run) only checks what reading the cell could
        not, which is quicker on files of thousands of rows."""
        pending = getattr(instance, self.pending_name(), None)
        if pending is None:
            return
        try:
            if dry_run:
                self.check(instance, pending)
            else:
                self.apply(instance, pending)
                self.saved.pop(instance.pk, None)
        except ValidationError as error:
            raise ValidationError({self.column_name: error.messages}) from None

    def check(self, instance, items):
        """The rules a preview checks beyond those of parse(); none by default."""

    # Subclasses: parse(cell) -> items, current(instance) -> items, render_items(items) -> str,
    # apply(instance, items); would_change(instance, items) -> bool where rendering differs
    # without a change.


def related_rows(instance, name, *related):
    """The rows of a reverse relation, from the prefetch of an export if there is one, else
    in one query with `related` joined."""
    if name in getattr(instance, "_prefetched_objects_cache", {}):
        return list(getattr(instance, name).all())
    return list(getattr(instance, name).select_related(*related))


class CatalogResource(resources.ModelResource):
    """The rules of every catalog file: known column names, no record twice in one file,
    unchanged rows not saved again, model validation on every row, all or nothing."""

    required_columns = ()
    # A row names its record by slug or, without one, by these columns (a name; a title and
    # a year): the duplicate check uses the same key.
    name_columns = ()
    column_help = {}

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

    @classmethod
    def column_names(cls):
        return [field.column_name for field in cls().get_import_fields()]

    def natural_key(self, row):
        """What identifies the row's record, with the column to blame for a repeat."""
        slug = text(row.get("slug")).casefold()
        if slug:
            return "slug", (slug,)
        names = tuple(text(row.get(column)).casefold() for column in self.name_columns)
        return (self.name_columns[0], names) if any(names) else None

    def prepare(self, dataset):
        """Adjust the file before its rows are read (add a derived key column, say)."""

    def before_import(self, dataset, **kwargs):
        dataset.headers = [text(header).lower() for header in dataset.headers or []]
        known = self.column_names()
        unknown = [header for header in dataset.headers if header and header not in known]
        missing = [column for column in self.required_columns if column not in dataset.headers]
        if unknown or missing:
            del dataset[:]  # nothing of a file with wrong columns is read
            raise ValueError(header_problems(unknown, missing, known))
        if self.max_rows is not None and len(dataset) > self.max_rows:
            rows = len(dataset)
            del dataset[:]
            raise ValueError(
                _(
                    "The file has %(rows)d rows; up to %(limit)d are imported here. Split it, "
                    "or import it with the command manage.py import_catalog."
                )
                % {"rows": rows, "limit": self.max_rows}
            )
        self.total = len(dataset)
        self.file_columns = set(dataset.headers)
        first_row = {}
        for number, values in enumerate(dataset, 1):
            key = self.natural_key(dict(zip(dataset.headers, values, strict=False)))
            if key is None:
                continue
            if key in first_row:
                self.duplicates[number] = (key[0], first_row[key])
            else:
                first_row[key] = number
        self.prepare(dataset)

    def before_import_row(self, row, **kwargs):
        duplicate = self.duplicates.get(kwargs.get("row_number"))
        if duplicate is not None:
            column, first = duplicate
            raise ValidationError(
                {
                    column: _(
                        "Row %(first)s already has this record: each record appears once in a file."
                    )
                    % {"first": first}
                }
            )

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
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            raise self.by_column(error) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() with the unique constraints but not the check constraints: each of
        those compiles a query per row (most of the time of a long file), and their rules are
        the field validators' and clean()'s, which run; the database refuses the rest."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=list(errors), validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for constraint in instance._meta.constraints:
            if isinstance(constraint, UniqueConstraint):
                try:
                    constraint.validate(type(instance), instance, exclude=set(errors))
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise self.by_column(ValidationError(errors))

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:  # an unreadable key: reported on its own column
            return None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in row and blank(row[field.column_name]):
            model_field = self.model_field(field)
            if model_field is not None and not model_field.blank and model_field.has_default():
                # An empty cell of a column that may not be empty (status, kind) keeps the
                # record's value: the default for a new record.
                return
            if model_field is not None and model_field.empty_strings_allowed:
                row[field.column_name] = ""  # an empty Excel cell reads as None
        super().import_field(field, instance, row, is_m2m, **kwargs)

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
        return super().export_field(field, instance, **kwargs)

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


def header_problems(unknown, missing, known):
    parts = []
    if unknown:
        parts.append(
            _("The file has columns this import does not know: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    if missing:
        parts.append(_("The file lacks the columns %(columns)s.") % {"columns": ", ".join(missing)})
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
