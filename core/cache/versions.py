"""Version tokens of the catalog, kept in the cache (Redis in production).

A cached value is stored with the tokens of what it shows; a write gives those tokens new values,
so the next request computes it afresh without anyone deleting cache entries (old entries
simply expire). Tokens are random rather than counters: a token lost from the cache is replaced
by a new one, never by a value an old entry was stored under.

A write to a watched model renews:
- its table's token: values and pages computed from the table (cached_by_tables, a page that
  lists records) depend on the tokens of the tables they read;
- the record's own token and those of the records its foreign keys name: a page that shows one
  record depends on the tokens of the records it loaded;
- STRUCTURE_KEY, when a record is added or deleted, published or unpublished, renamed (its
  slug) or moved (a foreign key), or a many-to-many relation changes: what the page of one
  record lists may change without any record it loaded changing, and what a filter counts
  (cached_by_structure);
- WRITES_KEY, on every write: a value computed while it changed is not kept.

While a value is computed, `collecting()` gathers the keys it depends on: the tables its queries
read and cached_by_tables used, and the records of `track`ed models it loaded.
"""

import contextvars
import dataclasses
import logging
import re
import secrets
from contextlib import ExitStack, contextmanager
from functools import cache as memoized
from functools import partial

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save
from django.utils.translation import get_language

from core.db import replicas

TOKEN_BITS = 48
WRITES_KEY = "ver:writes"
STRUCTURE_KEY = "ver:structure"

logger = logging.getLogger(__name__)


def table_key(model):
    return f"ver:{model._meta.label_lower}"


def record_key(label, pk):
    """The token key of one record, `label` being its model's label_lower."""
    return f"ver:{label}:{pk}"


def new_token():
    # An int: Django's Redis cache stores ints as they are, so reading forty unpickles none.
    return secrets.randbits(TOKEN_BITS)


def tokens(keys):
    """The current token of each key, in order; a key without one gets a new one. Read with
    them, the position of the last write they follow (core.db.replicas)."""
    found = cache.get_many([*keys, *replicas.position_keys()])
    replicas.take_position(found)
    missing = {key: new_token() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return [found[key] for key in keys]


def renew(keys):
    """New tokens for `keys`. A cache that cannot be reached is logged, not raised: the write
    itself must not fail for it."""
    try:
        cache.set_many({key: new_token() for key in keys}, timeout=None)
    except Exception:  # any cache client error
        logger.exception("Could not renew the cache versions %s", sorted(keys))


def renew_after_write(keys):
    """Renew once the write has committed (at once outside a transaction), the primary's
    position recorded first (core.db.replicas): every renewal that follows a write goes here."""
    replicas.record_position_on_commit()
    transaction.on_commit(partial(renew, keys))


def renew_now_and_on_commit(keys):
    """Renew now, and again once the transaction commits: a page computed in between, from the
    data before the commit, is then not served as current."""
    renew(keys)
    renew_after_write(keys)


@memoized
def _structural_fields(model):
    """What makes a write change what pages list: publication, slug and foreign keys."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation or field.name in ("status", "slug")
    ]


def _structure(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in _structural_fields(type(instance))
    }


def _saved_structure(sender, instance, raw=False, **kwargs):
    """pre_save: the structure of the row as it is in the database, before this save."""
    if raw or instance._state.adding or instance.pk is None:
        instance._structure_before = None
        return
    names = [field.attname for field in _structural_fields(sender)]
    rows = sender._base_manager.filter(pk=instance.pk).values(*names) if names else None
    instance._structure_before = rows.first() if names else {}


def _related_records(instance, before):
    """The token keys of the records the foreign keys of `instance` name, and named before."""
    keys = set()
    for field in _structural_fields(type(instance)):
        if field.is_relation:
            label = field.related_model._meta.label_lower
            values = {getattr(instance, field.attname), (before or {}).get(field.attname)}
            keys |= {record_key(label, value) for value in values if value is not None}
    return keys


def _written(sender, instance, created=False, **kwargs):
    before = instance.__dict__.pop("_structure_before", None)
    deleted = kwargs.get("signal") is post_delete
    keys = {WRITES_KEY, table_key(sender), record_key(sender._meta.label_lower, instance.pk)}
    keys |= _related_records(instance, before)
    if deleted or before is None or before != _structure(instance):  # added, deleted or moved
        keys.add(STRUCTURE_KEY)
    renew_now_and_on_commit(keys)


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        label = type(instance)._meta.label_lower
        keys = {WRITES_KEY, STRUCTURE_KEY, table_key(sender), table_key(type(instance))}
        renew_now_and_on_commit(keys | {record_key(label, instance.pk)})


_WATCHED = []


def watch(models):
    """Renew the tokens of `models` on every save, delete and many-to-many change, and note
    their records and tables in what is being collected."""
    for model in models:
        uid = model._meta.label_lower
        _WATCHED.append(model)
        _WATCHED.extend(field.remote_field.through for field in model._meta.many_to_many)
        post_init.connect(_record_loaded, sender=model, dispatch_uid=f"ver-loaded-{uid}")
        pre_save.connect(_saved_structure, sender=model, dispatch_uid=f"ver-pre-save-{uid}")
        post_save.connect(_written, sender=model, dispatch_uid=f"ver-save-{uid}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"ver-delete-{uid}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _relation_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"ver-m2m-{uid}-{field.name}",
            )


def cached_by_tables(name, models, compute, timeout=3600):
    """`compute()`, kept in the cache until a table of `models` is written to. For data every
    visitor sees the same way (a filter's choices), not for anything per person."""
    depend_on_tables(models)
    return _cached_under([table_key(model) for model in models], name, compute, timeout)


def cached_by_structure(name, models, compute, timeout):
    """`compute()`, kept in the cache until a record is added, deleted, published or relinked
    (STRUCTURE_KEY), and for `timeout` seconds at most: a value that a change of a field may
    alter lags such a change by up to `timeout` (filter counts). The value's page depends on
    the tables of `models` and on a token that expires with the value, so that a page made
    from it is not kept longer than the value."""
    depend_on_tables(models)
    depend_on_keys([lifetime_key(name)])
    return _cached_under([STRUCTURE_KEY], name, compute, timeout, lifetime_key(name))


def lifetime_key(name):
    """The key of a token that a value cached_by_structure renews each time it is computed,
    and that expires with it: what is made from the value and kept depends on it."""
    return f"ver:lifetime:{name}"


def _cached_under(token_keys, name, compute, timeout, lifetime_key=None):
    try:
        versions = tokens(token_keys)
        key = "val:" + name + ":" + ":".join(map(str, versions))
        value = cache.get(key)
    except Exception:  # any cache client error: compute it, as without a cache
        logger.exception("The cache could not be read")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout)
            if lifetime_key is not None:  # set after the value: it expires after it
                cache.set(lifetime_key, new_token(), timeout=timeout)
        except Exception:  # any cache client error: the value is used all the same
            logger.exception("The cache could not be written")
    return value


def cached_choices(name, models, compute):
    """cached_by_tables for a filter's choices: kept apart for each language, since their
    labels and their order follow it."""
    return cached_by_tables(f"{name}:{get_language()}", models, compute)


@dataclasses.dataclass
class Dependencies:
    """The token keys of what a value was computed from."""

    tables: set = dataclasses.field(default_factory=set)  # tables its queries read
    records: set = dataclasses.field(default_factory=set)  # records of watched models it loaded


# Those of the value being computed; None when nothing is collected.
_collected = contextvars.ContextVar("collected_dependencies", default=None)
# A table named after FROM or JOIN, as Django quotes it on PostgreSQL and SQLite.
TABLE = re.compile(r'(?:FROM|JOIN) "([^"]+)"')


def depend_on_tables(models):
    depend_on_keys(table_key(model) for model in models)


def depend_on_keys(keys):
    """What is being collected depends on the tokens of `keys` too."""
    collected = _collected.get()
    if collected is not None:
        collected.tables.update(keys)


@memoized
def _table_keys():
    """{database table: its token key} of the watched models and their many-to-many tables."""
    return {model._meta.db_table: table_key(model) for model in _WATCHED}


def _read_tables(execute, sql, params, many, context):
    collected = _collected.get()
    if collected is not None:
        keys = _table_keys()
        collected.tables.update(keys[table] for table in TABLE.findall(sql) if table in keys)
    return execute(sql, params, many, context)


def _record_loaded(sender, instance, **kwargs):
    collected = _collected.get()
    if collected is not None and instance.pk is not None:
        collected.records.add(record_key(sender._meta.label_lower, instance.pk))


@contextmanager
def collecting():
    """The Dependencies of what runs inside, on the primary or a read replica."""
    dependencies = Dependencies()
    reset = _collected.set(dependencies)
    try:
        with ExitStack() as wrapped:
            for alias in (DEFAULT_DB_ALIAS, *replicas.replica_aliases()):
                wrapped.enter_context(connections[alias].execute_wrapper(_read_tables))
            yield dependencies
    finally:
        _collected.reset(reset)
