"""Prefetches that cost no query when there is nothing to fetch.

A detail page prefetches many relations, and most records have nothing in most of them (a film
without awards, a person who never sat on a jury): each would still be one query. Here the
record's own query asks, with one EXISTS per relation, which of them hold anything; only those
are prefetched, and the others are set to empty without a query. Lookups that go through
another relation ("activities__participations") are prefetched as usual: Django skips them
when the relation they go through is empty.
"""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects


def _lookup(prefetch):
    return prefetch.prefetch_through if isinstance(prefetch, Prefetch) else prefetch


def _flag(prefetch):
    return f"has_{_lookup(prefetch)}"


def _is_direct(prefetch):
    return "__" not in _lookup(prefetch)


def _rows_of_one(model, prefetch):
    """The rows `prefetch` reads, for the record that OuterRef("pk") names."""
    relation = model._meta.get_field(_lookup(prefetch))
    rows = prefetch.queryset if isinstance(prefetch, Prefetch) else None
    if rows is None:
        rows = relation.related_model._default_manager.all()
    if relation.many_to_many and not relation.auto_created:  # a ManyToManyField of `model`
        return rows.filter(**{relation.related_query_name(): OuterRef("pk")})
    return rows.filter(**{relation.field.name: OuterRef("pk")})  # a reverse relation


def flag_present(queryset, prefetches):
    """`queryset` with, for each direct relation of `prefetches`, a flag saying whether it
    holds any row to prefetch."""
    model = queryset.model
    return queryset.annotate(
        **{
            _flag(prefetch): Exists(_rows_of_one(model, prefetch))
            for prefetch in prefetches
            if _is_direct(prefetch)
        }
    )


def _set_empty(instance, prefetch):
    if isinstance(prefetch, Prefetch) and prefetch.to_attr:
        setattr(instance, prefetch.to_attr, [])
        return
    manager = getattr(instance, _lookup(prefetch))
    name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = manager.get_queryset().none()


def prefetch_present(instance, prefetches):
    """Prefetch on `instance` (read through flag_present) the relations of `prefetches` that
    hold rows, and set the others to empty."""
    fetched = []
    for prefetch in prefetches:
        if not _is_direct(prefetch) or getattr(instance, _flag(prefetch)):
            fetched.append(prefetch)
        else:
            _set_empty(instance, prefetch)
    prefetch_related_objects([instance], *fetched)
    return instance
