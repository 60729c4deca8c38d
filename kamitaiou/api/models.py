"""Per-user API tokens (issue #17): shown once, stored hashed, revocable.

Only the SHA-256 of a token is stored. A token is 32 random bytes, so a fast hash is
enough (no password stretching needed: there is nothing to guess); ``prefix`` — the
first characters after ``kt_`` — is kept in clear so a person can tell tokens apart.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
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


def new_secret() -> str:
    import secrets  # noqa: PLC0415

    return secrets.token_hex(32)


class WebhookEvent(models.TextChoices):
    """What an endpoint may subscribe to (docs/api.md, Webhooks)."""

    CASE_CREATED = "case.created", _("Case opened")
    CASE_STAGE_CHANGED = "case.stage_changed", _("Stage changed")
    CASE_CLOSED = "case.closed", _("Case closed")
    INTERACTION_ADDED = "interaction.added", _("Interaction recorded")
    ESCALATION_RAISED = "escalation.raised", _("Escalated to a supervisor")
    APPROVAL_REQUESTED = "approval.requested", _("Approval requested")
    HARASSMENT_RECORDED = "harassment.recorded", _("Harassment incident recorded")
    FOLLOWUP_DUE = "followup.due", _("Follow-up due")


class WebhookEndpoint(models.Model):
    """An admin's subscription of one team's case events, posted to ``url`` signed with
    ``secret`` (HMAC-SHA256). Disabled by the worker after repeated failures."""

    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("team"),
    )
    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["https", "http"])]
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["team", "disabled_at"], name="webhook_team_active")]

    def __str__(self) -> str:
        return f"{self.team} → {self.url}"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint, and how its delivery went (the delivery log)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    #: the same for every attempt: receivers de-duplicate on it (at-least-once delivery)
    event_id = models.UUIDField(_("event id"))
    event_type = models.CharField(_("event"), max_length=40, choices=WebhookEvent)
    payload = models.JSONField()
    state = models.CharField(
        _("state"), max_length=16, choices=DeliveryState, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(_("response code"), null=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_event_once")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} → {self.state}"


class WebhookSweep(models.Model):
    """One row: how far the worker's sweep has queued ``followup.due`` (the follow-ups
    due up to ``followups_due_until`` were looked at; the next sweep goes on from there)."""

    followups_due_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("webhook sweep")

    def __str__(self) -> str:
        return f"followup.due queued up to {self.followups_due_until}"
