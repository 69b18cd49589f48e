"""The columns catalog files share, and how a cell is read: whole numbers, dates known to
the day, month or year, related records named by slug, other names, and cells that stand for
related rows (a film's credits). A cell that does not hold what its column expects raises
BadCell, which core.imports.resources words with its row and column."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from core.imports.problems import BadCell, blank, item_problem
from core.models import DatePrecision, normalise_partial_date
from core.models.aliases import MAX_ALIAS_LENGTH, MAX_ALIASES, alias_lines

LIST_SEPARATOR = ";"
# "2018-06-16", "2020-04" or "2020": a date known to the day, the month or the year.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def text(value):
    return "" if value is None else str(value).strip()


def list_items(value):
    """The items of a list cell: "CN; KZ" -> ["CN", "KZ"]; full-width semicolons count too."""
    return [
        item.strip()
        for item in text(value).replace("；", LIST_SEPARATOR).split(";")
        if item.strip()
    ]


PARTIAL_DATE_EXPECTED = _("a date as YYYY-MM-DD, YYYY-MM or YYYY, such as 2018-06-16")
REAL_DATE_EXPECTED = _("a day of the calendar, as YYYY-MM-DD, YYYY-MM or YYYY")


def parse_partial_date(value):
    """(date, precision) of "2018-06-16", "2020-04" or "2020"; an Excel date is a day."""
    if isinstance(value, datetime.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    match = PARTIAL_DATE.match(text(value))
    if not match:
        raise BadCell(expected=PARTIAL_DATE_EXPECTED)
    year, month, day = (int(part) if part else None for part in match.groups())
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        date = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise BadCell(expected=REAL_DATE_EXPECTED) from None
    return normalise_partial_date(date, precision), precision


def render_partial_date(date, precision):
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


WHOLE_NUMBER = re.compile(r"^([+-]?\d{1,18})(?:\.0*)?$")


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number: 2019, or 2019.0 as a spreadsheet may write it; anything else is a
    cell that does not hold what the column expects (the range is the model's to check)."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        if isinstance(value, bool):
            raise BadCell()
        if isinstance(value, int | float):
            if value != int(value):
                raise BadCell()
            return int(value)
        match = WHOLE_NUMBER.match(text(value))
        if match is None:
            raise BadCell()
        return int(match.group(1))


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record named by a unique column (a slug); an unknown value is a cell that
    does not hold what the column expects. Each value is looked up once per file."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field, **kwargs)
        self.found = {}

    @property
    def expected(self):
        return _("the slug of an existing %(model)s") % {"model": self.model._meta.verbose_name}

    def key(self, value):
        return text(value)

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        key = self.key(value)
        if key not in self.found:
            self.found[key] = self.model._default_manager.filter(**{self.field: key}).first()
        if self.found[key] is None:
            raise BadCell()
        return self.found[key]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class AliasesWidget(widgets.Widget):
    """A record's other names (kept one per line) as one cell: "Jiaohuan Rensheng; Life
    Exchange"; a cell with line breaks is read one name per line instead."""

    @property
    def expected(self):
        return _(
            "other names separated by semicolons: at most %(count)d, each of at most "
            "%(limit)d characters"
        ) % {"count": MAX_ALIASES, "limit": MAX_ALIAS_LENGTH}

    def clean(self, value, row=None, **kwargs):
        cell = text(value)
        return "\n".join(alias_lines(cell if "\n" in cell else "\n".join(list_items(cell))))

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(alias_lines(value))


def aliases_column():
    return fields.Field(attribute="aliases", column_name="aliases", widget=AliasesWidget())


ALIASES_HELP = _(
    "Other names or titles, separated by semicolons (or one per line): at most 10, each up to "
    "200 characters. Searched like the main name."
)


class PartialDateWidget(widgets.Widget):
    """A date known to the day, month or year, written 2018-06-16, 2020-04 or 2020; `clean`
    returns (date, precision)."""

    expected = PARTIAL_DATE_EXPECTED

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

    expected = None  # what the cell holds, after "expected" (subclasses say)

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


def read_item(item, read, expected):
    """read(item) for one item of a list cell ("CN; XX"): an item it refuses is named, with
    what was expected."""
    try:
        return read(item)
    except BadCell as error:
        if error.problem:
            raise
        raise BadCell(item_problem(item, error.expected or expected)) from None


def related_rows(instance, name, *related):
    """The rows of a reverse relation, from the prefetch of an export if there is one, else
    in one query with `related` joined."""
    if name in getattr(instance, "_prefetched_objects_cache", {}):
        return list(getattr(instance, name).all())
    return list(getattr(instance, name).select_related(*related))
