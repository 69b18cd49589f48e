"""Version tokens of the catalog's tables and records, kept in the cache (Redis in production).

Each save or delete of a watched model gives its table, and the record by its slug, a new random
token. A cached page is stored under the tokens of what it shows, so a write makes the next
request render afresh without anyone deleting cache entries; the old entries simply expire.
Tokens are random rather than counters: a token lost from the cache is replaced by a new one,
never by a value an old page was stored under.
"""

import logging
import secrets
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils.translation import get_language

TOKEN_BITS = 48

logger = logging.getLogger(__name__)


# Renewed by a write to any watched table: the one token of a page that shows rows of many.
CATALOG_KEY = "ver:catalog"


def table_key(model):
    return f"ver:{model._meta.label_lower}"


def record_key(model, slug):
    return f"ver:{model._meta.label_lower}:{slug}"


def new_token():
    # An int: the Redis cache stores ints as they are, so reading forty of them unpickles none.
    return secrets.randbits(TOKEN_BITS)


def bump(model, slug=None):
    """Give the table of `model` (and its record `slug`) new tokens. A cache that cannot be
    reached is logged, not raised: the write itself must not fail for it."""
    keys = [CATALOG_KEY, table_key(model)] + ([record_key(model, slug)] if slug else [])
    try:
        cache.set_many({key: new_token() for key in keys}, timeout=None)
    except Exception:  # any cache client error
        logger.exception("Could not renew the cache versions of %s", model._meta.label)


def bump_now_and_on_commit(model, slug=None):
    """Renew now, and again once the transaction commits: a page rendered in between, from the
    data before the commit, is then not served as current."""
    bump(model, slug)
    transaction.on_commit(partial(bump, model, slug))


def bump_all(models):
    keys = [CATALOG_KEY, *(table_key(model) for model in models)]
    cache.set_many({key: new_token() for key in keys}, timeout=None)


def tokens(keys):
    """The current token of each key, in order; a key without one gets a new one."""
    found = cache.get_many(keys)
    missing = {key: new_token() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return [found[key] for key in keys]


def _record_written(sender, instance, **kwargs):
    slug = getattr(instance, "slug", None)
    bump_now_and_on_commit(sender, slug)
    # A renamed slug leaves the page at the old one stale too.
    original = getattr(instance, "_slug_when_loaded", None)
    if original and original != slug:
        bump_now_and_on_commit(sender, original)


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _record_written(type(instance), instance)
        bump_now_and_on_commit(sender)  # the through table


def _remember_slug(sender, instance, **kwargs):
    instance._slug_when_loaded = instance.__dict__.get("slug")


def watch(models):
    """Bump the tokens of `models` on every save, delete and many-to-many change."""
    for model in models:
        post_save.connect(_record_written, sender=model, dispatch_uid=f"ver-save-{model}")
        post_delete.connect(_record_written, sender=model, dispatch_uid=f"ver-delete-{model}")
        if any(field.name == "slug" for field in model._meta.fields):
            post_init.connect(_remember_slug, sender=model, dispatch_uid=f"ver-init-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _relation_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"ver-m2m-{model}-{field.name}",
            )


def read_many(keys):
    """cache.get_many, or {} when the cache cannot be reached (logged): the caller computes
    what it would have read, as without a cache."""
    try:
        return cache.get_many(keys)
    except Exception:  # any cache client error
        logger.exception("The cache could not be read")
        return {}


def write_many(values, timeout):
    """cache.set_many; a cache that cannot be reached is logged, not raised."""
    try:
        cache.set_many(values, timeout=timeout)
    except Exception:  # any cache client error
        logger.exception("The cache could not be written")


def cached_by_tables(name, models, compute, timeout=3600):
    """`compute()`, kept in the cache until a table of `models` is written to. For data every
    visitor sees the same way (a filter's choices), not for anything per person."""
    try:
        versions = tokens([table_key(model) for model in models])
    except Exception:  # any cache client error: compute it, as without a cache
        logger.exception("The cache could not be read")
        return compute()
    key = "val:" + name + ":" + ":".join(map(str, versions))
    value = read_many([key]).get(key)
    if value is None:
        value = compute()
        write_many({key: value}, timeout)
    return value


def cached_choices(name, models, compute):
    """cached_by_tables for a filter's choices: kept apart for each language, since their
    labels and their order follow it."""
    return cached_by_tables(f"{name}:{get_language()}", models, compute)
