"""Facet counts: how many rows each option of a filter would give, one query per facet.

A facet is counted over the rows that pass every other filter (the caller builds that
queryset), so the counts answer "how many if I chose this as well". Rows are counted by
primary key, distinct, so a facet reached through a to-many relation (a film's production
countries) counts each row once per value, and never twice for one value."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Value


def _rows(queryset):
    """The rows of `queryset` as a plain queryset of its model: its annotations, ordering and
    prefetches would otherwise take part in the grouping."""
    return queryset.model._base_manager.filter(pk__in=queryset.order_by().values("pk"))


def _reaches_many(model, path):
    """Whether the field path `path` from `model` passes a to-many relation (a row may then
    have several values)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def counted_by(queryset, by, where=None):
    """The rows of `queryset` grouped by `by`, a field path or an expression over the row's own
    fields and forward relations, as (value, count) rows: what grouped_counts() adds up, not run
    yet. Through a to-many relation, each (row, value) pair is made distinct first (PostgreSQL's
    COUNT(DISTINCT) sorts each group, and took twice as long). `where` (a Q on the related rows
    `by` reaches) leaves out some of them: a person's credits in draft films."""
    rows = _rows(queryset)
    if where is not None:
        rows = rows.filter(where)
    if isinstance(by, str):
        many = where is not None or _reaches_many(queryset.model, by)
        by = F(by)
    else:
        many = where is not None
    if many:
        return rows.values("pk", value=by).annotate(count=Value(1)).distinct().order_by()
    return rows.values(value=by).annotate(count=Count("pk")).order_by()


def grouped_counts(*counted):
    """{value: number of rows} of one or more counted_by() querysets (of models shown in one
    list, such as screenings and activity sessions), in one query; a value no row has is
    absent, and so are the rows without a value (a film in no film week)."""
    parts, params = [], []
    for query in counted:
        try:
            sql, part_params = query.query.sql_with_params()
        except EmptyResultSet:  # made of none(): no rows, and no SQL to give
            continue
        parts.append(f'SELECT part."value", part."count" FROM ({sql}) part')
        params.extend(part_params)
    if not parts:
        return {}
    union = " UNION ALL ".join(parts)
    grouped = f'SELECT facet."value", SUM(facet."count") FROM ({union}) facet GROUP BY 1'
    with connections[counted[0].db].cursor() as cursor:
        cursor.execute(grouped, params)
        return {value: int(count) for value, count in cursor.fetchall() if value is not None}


def case_counts(queryset, cases):
    """{value: number of rows matching its condition} for `cases`, a {value: Q} mapping (an empty Q
    matches every row), in one query."""
    names = {f"case_{index}": value for index, value in enumerate(cases)}
    totals = _rows(queryset).aggregate(
        **{name: Count("pk", filter=cases[value] or None) for name, value in names.items()}
    )
    return {value: totals[name] for name, value in names.items()}
