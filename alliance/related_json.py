"""A record's related lists, read in the record's own query as JSON.

A detail page shows one record with a dozen short lists: a film's countries, credits, awards and
film weeks, its screenings to come and their guests. prefetch_related reads each list in a query
of its own, so the richer the record, the more queries its page costs. `with_related` turns every
Prefetch into a subquery of the record's query that returns the list's rows as one JSON array
(nested lists inside their rows), so the page costs one query whatever the record holds. A
sliced Prefetch queryset bounds each record's list (a LIMIT in its subquery).

The rows come back as model instances, with their select_related records attached and each list
cached where prefetch_related would cache it (or in its `to_attr`). Views and templates read them
unchanged.
"""

import datetime
import decimal
import functools
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import F, Func, JSONField, OuterRef, Prefetch, Subquery
from django.db.models.query import ModelIterable
from django.utils import timezone

# PostgreSQL takes at most 100 arguments per function: a record's columns go in chunks.
CHUNK = 50


@dataclass
class Relation:
    """A to-many relation `name` of the record that `path` (select_related names joined by
    "__", "" for the row itself) reaches from a row of the parent list, or from the record."""

    name: str
    path: str
    rows: models.QuerySet
    to_attr: str | None
    children: list["Relation"] = field(default_factory=list)

    @functools.cached_property
    def groups(self):
        """(path, model) of the rows' model and of each select_related record, parents first;
        read once the tree is built, and then for every row decoded."""
        return [("", self.rows.model), *_joined(self.rows.model, self.rows.query.select_related)]


def with_related(queryset, prefetches):
    """`queryset` whose records arrive with the lists of `prefetches` (Prefetch objects or
    lookups, as prefetch_related takes them) already read, in the records' own query."""
    relations = _relations(queryset.model, prefetches)
    annotated = queryset.annotate(
        **{
            f"related_json_{index}": _subquery(queryset.model, relation)
            for index, relation in enumerate(relations)
        }
    )
    annotated._iterable_class = _AttachLists
    return annotated


class JsonRows(Subquery):
    """The rows of a relation, each a JSON array of its columns, as one JSON array, in the order
    of the rows' queryset. Read back, the value is the list of model instances."""

    def __init__(self, queryset, relation):
        super().__init__(queryset, output_field=JSONField())
        self.relation = relation

    def as_postgresql(self, compiler, connection, **extra_context):
        # ARRAY(subquery) keeps the subquery's order, which an aggregate need not.
        return self.as_sql(
            compiler, connection, template="TO_JSONB(ARRAY(%(subquery)s))", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # JSON(...) marks the text as JSON, so an enclosing JSON_ARRAY nests it as an array.
        template = (
            "JSON((SELECT JSON_GROUP_ARRAY(JSON(json_rows.json_row)) "
            "FROM (%(subquery)s) json_rows))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._to_instances]

    def _to_instances(self, value, expression, connection):
        return _decode(self.relation, value or [], connection)


class _Array(Func):
    """A JSON array of expressions whose types the database knows (columns, subqueries): no
    casts, unlike django.db.models.functions.JSONArray, which also asks SQLite in a query of its
    own whether it has JSON functions."""

    function = "JSON_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_BUILD_ARRAY", **extra_context)


class _Columns(_Array):
    """All the columns of the record that `path` reaches from a row ("" for the row itself),
    named in SQL from its table alias: one expression to resolve instead of one per column,
    which is what keeps building the query cheap."""

    def __init__(self, path, model):
        if model._meta.parents:
            raise ValueError(f"{model.__name__}: multi-table inheritance is not supported")
        # A column other than the key, so that the join to the record is kept, not trimmed.
        anchor = next(each for each in model._meta.concrete_fields if not each.primary_key)
        super().__init__(F(f"{path}__{anchor.name}" if path else anchor.name))
        self.model = model

    def as_sql(self, compiler, connection, function=None, **extra_context):
        (anchor,) = self.get_source_expressions()
        table = compiler.quote_name_unless_alias(anchor.alias)
        names = [
            f"{table}.{connection.ops.quote_name(each.column)}"
            for each in self.model._meta.concrete_fields
        ]
        function = function or self.function
        chunks = [", ".join(names[start : start + CHUNK]) for start in range(0, len(names), CHUNK)]
        return f"{function}({', '.join(f'{function}({chunk})' for chunk in chunks)})", []


class _AttachLists(ModelIterable):
    """Records whose JsonRows annotations are moved to where their lists are read from."""

    def __iter__(self):
        annotations = self.queryset.query.annotations
        lists = {
            alias: expression.relation
            for alias, expression in annotations.items()
            if isinstance(expression, JsonRows)
        }
        for record in super().__iter__():
            for alias, relation in lists.items():
                _attach(record, relation, record.__dict__.pop(alias))
            yield record


# Building the query


def _parts(prefetch):
    if isinstance(prefetch, Prefetch):
        return prefetch.prefetch_through, prefetch.queryset, prefetch.to_attr
    return prefetch, None, None


def _relations(model, prefetches, of_rows=False):
    """The tree of the lists that `prefetches` name from `model`: the record's model, or with
    `of_rows` the model of a list's rows (whose select_related records may own lists too)."""
    relations = []
    for prefetch in prefetches:
        lookup, rows, to_attr = _parts(prefetch)
        *through, name = lookup.split("__")
        parent, owner, path = None, model, []
        for segment in through:
            known = _find(parent.children if parent else relations, segment, "__".join(path))
            if known is None and _is_list(owner, segment):
                known = _relation(owner, segment, "__".join(path), None, None)
                _add(known, parent, relations, lookup, of_rows)
            if known is not None:
                parent, owner, path = known, known.rows.model, []
            else:
                owner, path = _foreign_key(owner, segment).related_model, [*path, segment]
        level = parent.children if parent else relations
        if _find(level, to_attr or name, "__".join(path)) is not None:
            if rows is None and to_attr is None:
                continue  # a list named again, as prefetch_related allows
            raise ValueError(f"{lookup}: the list is already read; name a list before its lists")
        _add(
            _relation(owner, name, "__".join(path), rows, to_attr),
            parent,
            relations,
            lookup,
            of_rows,
        )
    return relations


def _add(relation, parent, relations, lookup, of_rows):
    """Add `relation` under `parent` (or at the top): the parent's rows bring the record that
    owns the list."""
    if relation.path and parent is None and not of_rows:
        raise ValueError(f"{lookup}: a list of a related record, not of a list's rows")
    if relation.path and parent is not None:
        parent.rows = parent.rows.select_related(relation.path)
    (parent.children if parent else relations).append(relation)


def _find(level, name, path):
    return next(
        (each for each in level if (each.to_attr or each.name, each.path) == (name, path)), None
    )


def _is_list(model, name):
    relation = model._meta.get_field(name)
    return relation.one_to_many or relation.many_to_many


def _foreign_key(model, name):
    relation = model._meta.get_field(name)
    if not (relation.many_to_one or relation.one_to_one) or not relation.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a foreign key")
    return relation


def _relation(owner, name, path, rows, to_attr):
    if not _is_list(owner, name):
        raise ValueError(f"{owner.__name__}.{name} is not a to-many relation")
    if rows is None:
        rows = owner._meta.get_field(name).related_model._default_manager.all()
    if rows.query.select_related is True:
        raise ValueError(f"{owner.__name__}.{name}: name the select_related records")
    nested = rows._prefetch_related_lookups
    relation = Relation(name, path, rows.prefetch_related(None), to_attr)
    relation.children = _relations(rows.model, nested, of_rows=True)
    for child in relation.children:
        if child.path:  # its owner must come with the row
            relation.rows = relation.rows.select_related(child.path)
    return relation


def _joined(model, select_related, prefix=""):
    if not isinstance(select_related, dict):
        return []
    joined = []
    for name, nested in select_related.items():
        related = _foreign_key(model, name).related_model
        joined.append((f"{prefix}{name}", related))
        joined.extend(_joined(related, nested, f"{prefix}{name}__"))
    return joined


def _model_at(model, path):
    for name in filter(None, path.split("__")):
        model = _foreign_key(model, name).related_model
    return model


def _link(relation):
    """The lookup from a row of `relation` back to its owner."""
    if relation.many_to_many and not relation.auto_created:  # a ManyToManyField of the owner
        return relation.related_query_name()
    return relation.field.name


def _subquery(owner_model, relation):
    owner = _model_at(owner_model, relation.path)
    link = _link(owner._meta.get_field(relation.name))
    outer = OuterRef(f"{relation.path}__pk" if relation.path else "pk")
    rows = _rows_of(relation.rows, link, outer)
    row = [
        *[_Columns(path, model) for path, model in relation.groups],
        *[_subquery(rows.model, child) for child in relation.children],
    ]
    return JsonRows(rows.values(json_row=_Array(*row)), relation)


def _rows_of(rows, link, outer):
    """The `rows` whose `link` is the record `outer`. A sliced Prefetch queryset (`[:50]`)
    bounds each record's list: the slice's keys are chosen in a subquery of their own, so that
    only its rows are turned into JSON, not every row the sort goes through (a JSON row for each
    of 20,000 films made at a base, to keep 50, took 150 ms)."""
    query = rows.query
    if not query.is_sliced:
        return rows.filter(**{link: outer})
    unsliced = rows.all()
    unsliced.query.clear_limits()
    record = {link: OuterRef(outer)}  # the record of the enclosing query's enclosing query
    chosen = unsliced.filter(**record).values("pk")[query.low_mark : query.high_mark]
    return unsliced.filter(pk__in=chosen)


# Reading the answer


def _decode(relation, items, connection):
    groups = relation.groups
    rows = []
    for item in items:
        records = {
            path: _record(model, [value for chunk in chunks for value in chunk], connection)
            for (path, model), chunks in zip(groups, item, strict=False)
        }
        for path, _ in groups[1:]:
            parent_path, _, name = path.rpartition("__")
            parent = records[parent_path]
            if parent is not None:
                parent._meta.get_field(name).set_cached_value(parent, records[path])
        for child, value in zip(relation.children, item[len(groups) :], strict=True):
            owner = records[child.path]
            if owner is not None:
                _attach(owner, child, _decode(child, value, connection))
        rows.append(records[""])
    return rows


def _record(model, values, connection):
    """An instance of `model` from its columns' JSON values; None for the missing record of a
    nullable foreign key."""
    names, converters, key = _layout(model, connection.vendor)
    if values[key] is None:
        return None
    python = [
        value if value is None or convert is None else convert(value)
        for convert, value in zip(converters, values, strict=True)
    ]
    return model.from_db(connection.alias, names, python)


@functools.cache
def _layout(model, vendor):
    """The attribute names of `model`'s columns, the function that turns each JSON value into
    the field's Python value (None where JSON already has it), and the key's position."""
    fields = model._meta.concrete_fields
    converters = [_converter(each, vendor) for each in fields]
    return [each.attname for each in fields], converters, fields.index(model._meta.pk)


def _converter(model_field, vendor):
    if model_field.is_relation:
        return _converter(model_field.target_field, vendor)
    if isinstance(model_field, models.CharField | models.TextField | models.IntegerField):
        return None
    if isinstance(model_field, models.FileField):
        return None
    if isinstance(model_field, models.BooleanField):
        return bool if vendor == "sqlite" else None  # SQLite has 0 and 1
    if isinstance(model_field, models.DateTimeField):
        return _moment
    if isinstance(model_field, models.DateField):
        return datetime.date.fromisoformat
    if isinstance(model_field, models.TimeField):
        return datetime.time.fromisoformat
    if isinstance(model_field, models.DecimalField):
        return functools.partial(
            _decimal, exponent=decimal.Decimal(1).scaleb(-model_field.decimal_places)
        )
    if isinstance(model_field, models.JSONField):
        # SQLite nests a JSON column as its text; PostgreSQL as JSON.
        return json.loads if vendor == "sqlite" else None
    return model_field.to_python


def _moment(value):
    moment = datetime.datetime.fromisoformat(value)
    if settings.USE_TZ and timezone.is_naive(moment):  # SQLite stores UTC without an offset
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def _decimal(value, exponent):
    # Through str: 0.1, not the float's binary expansion; then the field's decimal places.
    return decimal.Decimal(str(value)).quantize(exponent)


def _attach(owner, relation, rows):
    """Cache `rows` on `owner` where prefetch_related would have."""
    field_of_owner = owner._meta.get_field(relation.name)
    if field_of_owner.one_to_many:  # each row's foreign key points back at the owner
        for row in rows:
            field_of_owner.field.set_cached_value(row, owner)
    if relation.to_attr:
        setattr(owner, relation.to_attr, rows)
        return
    manager = getattr(owner, relation.name)
    cached = manager.get_queryset()
    cached._result_cache = rows
    cached._prefetch_done = True
    name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = cached
