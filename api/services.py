"""Issuing, revoking and using API keys."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from api.models import ApiKey, key_digest, new_key

# A key's last use is written at most this often: not a database write on every request.
LAST_USE_EVERY_SECONDS = 60


def api_key_issue(*, institution, name, by):
    """Record a new key of `institution`; (the ApiKey, the key itself). The key is not stored
    anywhere: the caller shows it once."""
    prefix, key = new_key()
    api_key = ApiKey(
        institution=institution, name=name, prefix=prefix, digest=key_digest(key), created_by=by
    )
    with transaction.atomic():
        api_key.full_clean()
        api_key.save()
    return api_key, key


def api_key_revoke(*, api_key):
    """From now on the key gets 401; True if it was in use until now."""
    with transaction.atomic():
        revoked = ApiKey.objects.active().filter(pk=api_key.pk).update(revoked_at=timezone.now())
    return bool(revoked)


def api_key_note_use(*, api_key):
    """Record that the key is used now, once in LAST_USE_EVERY_SECONDS: a mark in the shared
    cache says whether another request (in any worker) has just written it."""
    if cache.add(f"api-key-used:{api_key.pk}", True, timeout=LAST_USE_EVERY_SECONDS):
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
