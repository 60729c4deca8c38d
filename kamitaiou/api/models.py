"""Per-user API tokens (issue #17): shown once, stored hashed, revocable.

Only the SHA-256 of a token is stored. A token is 32 random bytes, so a fast hash is
enough (no password stretching needed: there is nothing to guess); ``prefix`` — the
first characters after ``kt_`` — is kept in clear so a person can tell tokens apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope, default=Scope.READ)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        # Also the rate limit's key (ninja hashes ``str(request.auth)``): one per token.
        return f"{self.name} (kt_{self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    def is_usable(self, *, now: object = None) -> bool:
        """Not revoked, not expired, and its user still active."""
        at = now or timezone.now()
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None and self.expires_at <= at:  # type: ignore[operator]
            return False
        return bool(self.user.is_active)


class IdempotentRequest(models.Model):
    """A POST that created something, remembered by its ``Idempotency-Key`` so a retried
    request answers the first result instead of creating a second case."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    #: SHA-256 of the request body: the same key with another body is a 409
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_token_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"
