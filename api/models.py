"""API keys: staff issue one to a member institution, whose client then reads the API at a
higher rate (api/throttling.py)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.models import Institution

KEY_HEADER = "X-API-Key"  # where a client sends its key
PREFIX_LENGTH = 12  # hex digits: names a key in lists and logs, not a secret
DIGEST_LENGTH = 64  # hex digits of SHA-256
SECRET_BYTES = 32


def new_key():
    """(prefix, key) of a new key: "<prefix>.<43 characters of 32 random bytes>"."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{prefix}.{secrets.token_urlsafe(SECRET_BYTES)}"


def key_digest(key):
    """What is kept of a key. SHA-256 without salt or stretching is enough for 256 random bits
    (no dictionary reaches them), and cheap enough to check on every request."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, key):
        """The key that the text a client sent is, or None: found by its prefix, then its
        digest compared in constant time."""
        prefix, dot, _secret = key.partition(".")
        if not dot or len(prefix) != PREFIX_LENGTH:
            return None
        found = self.filter(prefix=prefix).only("pk", "digest").first()
        if found is None or not hmac.compare_digest(found.digest, key_digest(key)):
            return None
        return found


class ApiKey(models.Model):
    """A member institution's key to the API. Only its prefix and digest are stored: the key
    itself is shown once, to the staff member who issued it."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("institution"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses it, e.g. “the festival's website”.")
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField(_("SHA-256 digest"), max_length=DIGEST_LENGTH, editable=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.UniqueConstraint(fields=["prefix"], name="api_key_unique_prefix"),
            models.UniqueConstraint(fields=["digest"], name="api_key_unique_digest"),
            models.CheckConstraint(
                condition=Exact(Length("prefix"), PREFIX_LENGTH), name="api_key_prefix_length"
            ),
            models.CheckConstraint(
                condition=Exact(Length("digest"), DIGEST_LENGTH), name="api_key_digest_length"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="api_key_named"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="api_key_revoked_after_issue",
            ),
        ]

    def __str__(self):
        return f"{self.prefix} ({self.name})"

    def clean(self):
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": _("Say what uses the key.")})
        # Empty until the key is issued (services.api_key_issue); the database refuses that.
        if self.prefix and len(self.prefix) != PREFIX_LENGTH:
            raise ValidationError(_("A key's prefix has %(n)s characters.") % {"n": PREFIX_LENGTH})
        if self.digest and len(self.digest) != DIGEST_LENGTH:
            raise ValidationError(_("A key's digest has %(n)s characters.") % {"n": DIGEST_LENGTH})
        if self.revoked_at and self.created_at and self.revoked_at < self.created_at:
            raise ValidationError(_("A key is revoked after it was issued."))
