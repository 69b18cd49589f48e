"""Keyset ("cursor") pagination: a page is the rows after (or before) a given row in a fixed
order, so page 2,000 costs what page 1 does, and its URL stays valid when rows are added.

The order is a list of SortKey, ending on a unique column. The link to the next page carries the
sort values of the last row shown (`?after=<cursor>`), the link back those of the first one
(`?before=<cursor>`). A cursor is base64url-encoded JSON; anything malformed, of the wrong type,
out of range or for another order is ignored, and the first page is shown (with `strict`, as the
API asks, it is an InvalidCursor naming the parameter instead).

Totals are counted up to COUNT_CAP rows: past that the page says "more than 1,000", which costs
the same on a catalog of any size.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.db.models import BooleanField, Expression, F, Q, Value
from django.utils import timezone

COUNT_CAP = 1000
MAX_CURSOR_LENGTH = 2000
MAX_TEXT_LENGTH = 1000
INT_RANGE = (-(2**63), 2**63 - 1)


class InvalidCursor(ValueError):
    """`parameter` names the query parameter that carried it ("after" or "before"), if known."""

    def __init__(self, parameter=""):
        super().__init__(parameter)
        self.parameter = parameter


def _int(value):
    if type(value) is not int or not INT_RANGE[0] <= value <= INT_RANGE[1]:
        raise InvalidCursor
    return value


def _text(value):
    if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH or "\x00" in value:
        raise InvalidCursor
    try:
        value.encode()  # a lone surrogate ("\ud800" in the JSON) is no text a database takes
    except UnicodeEncodeError:
        raise InvalidCursor from None
    return value


def _moment(value):
    """An aware date-time, in UTC as the database compares it; one that has no UTC equivalent
    (year 9999 west of Greenwich) is no cursor."""
    try:
        moment = datetime.datetime.fromisoformat(_text(value))
        if timezone.is_naive(moment):
            return timezone.make_aware(moment, datetime.UTC)
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise InvalidCursor from None


READERS = {int: _int, str: _text, datetime.datetime: _moment}


@dataclass(frozen=True)
class SortKey:
    """One column (or expression, never NULL) of the order; `kind` is the Python type of its
    values: int, str or datetime.datetime."""

    expression: object
    kind: type = str
    descending: bool = False


def encode(values):
    plain = [
        value.isoformat() if isinstance(value, datetime.datetime) else value for value in values
    ]
    raw = json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, keys):
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise InvalidCursor
    return [READERS[key.kind](value) for key, value in zip(keys, values, strict=True)]


def _alias(index):
    return f"keyset_{index}"


class RowBeyond(Expression):
    """`(k0, k1, ...) > (v0, v1, ...)` (`<` going down): a row comparison, which PostgreSQL and
    SQLite seek in an index on the keys in one range, ties on the first keys included."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, columns, values, operator):
        super().__init__()
        self.columns, self.values, self.operator = list(columns), list(values), operator

    def get_source_expressions(self):
        return [*self.columns, *self.values]

    def set_source_expressions(self, expressions):
        count = len(self.columns)
        self.columns, self.values = list(expressions[:count]), list(expressions[count:])

    def as_sql(self, compiler, connection):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        parts = [sql for sql, _ in compiled]
        count = len(self.columns)
        sql = f"({', '.join(parts[:count])}) {self.operator} ({', '.join(parts[count:])})"
        return sql, [param for _, params in compiled for param in params]


def _beyond(keys, values, backwards):
    """Rows strictly after `values` in the order (before it when `backwards`), written so that
    the database can seek an index on the keys: a row comparison when every key goes the same
    way, else `k0 >= v0 AND (k0 > v0 OR (k0 = v0 AND ...))`."""

    def goes_down(key):
        return key.descending != backwards

    directions = {goes_down(key) for key in keys}
    if len(directions) == 1:
        columns = [F(_alias(index)) for index in range(len(keys))]
        operator = "<" if directions.pop() else ">"
        return Q(RowBeyond(columns, [Value(value) for value in values], operator))

    condition = None
    for index in reversed(range(len(keys))):
        lookup = "lt" if goes_down(keys[index]) else "gt"
        strictly = Q(**{f"{_alias(index)}__{lookup}": values[index]})
        condition = (
            strictly
            if condition is None
            else strictly | (Q(**{_alias(index): values[index]}) & condition)
        )
    bound = "lte" if goes_down(keys[0]) else "gte"
    return Q(**{f"{_alias(0)}__{bound}": values[0]}) & condition


def _ordered(queryset, keys, backwards=False):
    annotated = queryset.annotate(
        **{_alias(index): key.expression for index, key in enumerate(keys)}
    )
    order = [
        F(_alias(index)).desc() if key.descending != backwards else F(_alias(index)).asc()
        for index, key in enumerate(keys)
    ]
    return annotated.order_by(*order)


class CappedTotal:
    """The total of a page's rows as shown: `total` is counted up to COUNT_CAP + 1."""

    total: int

    @property
    def total_is_capped(self):
        return self.total > COUNT_CAP

    @property
    def count_cap(self):
        """COUNT_CAP as shown: "1,000"."""
        return f"{COUNT_CAP:,}"


@dataclass
class KeysetPage(CappedTotal):
    object_list: list
    keys: list
    has_next: bool
    has_previous: bool
    total: int

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def _cursor(self, row):
        return encode([getattr(row, _alias(index)) for index in range(len(self.keys))])

    @property
    def next_cursor(self):
        return self._cursor(self.object_list[-1]) if self.has_next else ""

    @property
    def previous_cursor(self):
        return self._cursor(self.object_list[0]) if self.has_previous else ""


def cursor_at(queryset, keys, position):
    """The `after` cursor that shows the rows from `position` (counted from 0) on, or "" when
    the page starts at the first row. An OFFSET query: for tools (the benchmark's deep page),
    not for pages."""
    if position <= 0:
        return ""
    aliases = [_alias(index) for index in range(len(keys))]
    row = _ordered(queryset, keys).values(*aliases)[position - 1 : position].first()
    return encode([row[alias] for alias in aliases]) if row else ""


def capped_count(queryset):
    """How many rows `queryset` has, counting no further than COUNT_CAP + 1."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


def _followed(params, keys, strict=False):
    """("after" or "before", the cursor's values) of the cursor `params` carry, else
    (None, None): a cursor that does not decode is ignored, or with `strict` raised as an
    InvalidCursor naming its parameter (an empty one counts as none)."""
    for name in ("after", "before"):
        try:
            return name, decode(str(params.get(name, "")), keys)
        except InvalidCursor:
            if strict and params.get(name):
                raise InvalidCursor(name) from None
    return None, None


def keyset_page(queryset, keys, params, per_page, *, count=capped_count, strict=False):
    """The page of `queryset` that `params` (request.GET) asks for with `after` or `before`;
    `count(queryset)` gives its total (capped_count, or one kept in a cache). A first page that
    holds every row is its own total: nothing is counted. With `strict`, a cursor that does not
    decode raises InvalidCursor instead of showing the first page."""
    direction, values = _followed(params, keys, strict)
    if direction == "before":
        earlier = _ordered(queryset, keys, backwards=True).filter(_beyond(keys, values, True))
        rows = list(earlier[: per_page + 1])
        if len(rows) > per_page:
            return KeysetPage(rows[:per_page][::-1], keys, True, True, count(queryset))
        direction = None  # fewer than a page before it: show the first page
    if direction == "after":
        page = _ordered(queryset, keys).filter(_beyond(keys, values, False))[: per_page + 1]
        rows = list(page)
        if rows:
            more = len(rows) > per_page
            return KeysetPage(rows[:per_page], keys, more, True, count(queryset))
        # nothing after it (a cursor from another list, or of the last row): the first page
    rows = list(_ordered(queryset, keys)[: per_page + 1])
    more = len(rows) > per_page
    total = count(queryset) if more else len(rows)
    return KeysetPage(rows[:per_page], keys, more, False, total)
