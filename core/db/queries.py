"""Small helpers the apps' query functions share."""

from django.db import connections, router
from django.db.models import Case, Count, IntegerField, Subquery, When
from django.db.models.functions import Coalesce


def count_of(rows, field, link, distinct=True):
    """COUNT(DISTINCT field) of `rows` (filtered on `link` = OuterRef("pk")) as a subquery of
    the outer row, 0 when there is none; COUNT(field) with `distinct` False, for rows that
    cannot repeat a value (no sort)."""
    counted = rows.order_by().values(link).annotate(count=Count(field, distinct=distinct))
    return Coalesce(Subquery(counted.values("count")), 0)


def related_model(model, name):
    """The model behind the reverse relation `name` of `model`: how a lower app reads the rows of
    a higher one (a film's tour stops) without importing it."""
    return model._meta.get_field(name).related_model


def read_connection(model):
    """The connection of a raw SQL read of `model`: the database the router chose for the
    request's reads (a read replica, core.db.replicas), as the ORM's own reads would use."""
    return connections[router.db_for_read(model)]


def via(relation, fields):
    """The names `fields` of the record behind `relation`, for only(): ("person", ("slug",))
    -> ["person", "person__slug"] (the foreign key itself too, as select_related needs it)."""
    return [relation, *(f"{relation}__{field}" for field in fields)]


def choice_order(field, choices):
    """An ORDER BY expression: rows by the position of their `field` value in `choices`."""
    return Case(
        *[When(**{field: value}, then=index) for index, value in enumerate(choices.values)],
        default=len(choices.values),
        output_field=IntegerField(),
    )
