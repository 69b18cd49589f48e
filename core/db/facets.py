"""Facet counts: how many rows each option of a filter would give, one query per facet.

A facet is counted over the rows that pass every other filter (the caller builds that
queryset), so the counts answer "how many if I chose this as well". Rows are counted by
primary key, distinct, so a facet reached through a to-many relation (a film's production
countries) counts each row once per value, and never twice for one value."""

from django.db.models import Count, F


def _rows(queryset):
    """The rows of `queryset` as a plain queryset of its model: its annotations, ordering and
    prefetches would otherwise take part in the grouping."""
    return queryset.model._base_manager.filter(pk__in=queryset.order_by().values("pk"))


def counted_by(queryset, by, where=None):
    """The rows of `queryset` grouped by `by` (a field path or an expression), each group with
    its number of rows: a query for grouped_counts(), not run yet. `where` (a Q on the related
    rows `by` reaches) leaves out some of them: a person's credits in draft films."""
    expression = F(by) if isinstance(by, str) else by
    rows = _rows(queryset)
    return (
        (rows if where is None else rows.filter(where))
        .values(value=expression)
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )


def grouped_counts(*counted):
    """{value: number of rows} of the groups of one or more counted_by() querysets (of models
    shown in one list, such as screenings and activity sessions), in one query; a value no
    row has is absent."""
    first, *others = counted
    rows = first.union(*others, all=True) if others else first
    totals = {}
    for row in rows:
        totals[row["value"]] = totals.get(row["value"], 0) + row["count"]
    return totals


def case_counts(queryset, cases):
    """{value: number of rows matching its condition} for `cases`, a {value: Q} mapping (an empty Q
    matches every row), in one query."""
    names = {f"case_{index}": value for index, value in enumerate(cases)}
    totals = _rows(queryset).aggregate(
        **{name: Count("pk", filter=cases[value] or None) for name, value in names.items()}
    )
    return {value: totals[name] for name, value in names.items()}


def capped_count(queryset, cap):
    """The number of rows of `queryset`, counting no further than `cap` + 1 (a count above
    `cap` reads as "more than `cap`")."""
    return _rows(queryset)[: cap + 1].count()
