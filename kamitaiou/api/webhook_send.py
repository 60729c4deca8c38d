"""The worker's side of webhooks: claim, POST signed, retry with backoff, give up, disable.

Like reply mails (``mail.outbound_send``): one task per delivery; a failed attempt
enqueues the next ``KAMITAIOU_WEBHOOK_RETRY_SECONDS × 2^(attempt-1)`` later, up to
``KAMITAIOU_WEBHOOK_MAX_ATTEMPTS``; the claim is committed before the HTTP request, so
no database lock is held while a receiver answers. Delivery is **at-least-once**: a
worker killed after the receiver answered and before the outcome is saved posts the same
event again — with the same ``X-Kamitaiou-Event-Id``, which receivers de-duplicate on.

Signature: ``X-Kamitaiou-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
"<t>.<body>")>``; a receiver recomputes it and refuses a stale ``t`` (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kamitaiou.api.models import DeliveryState, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)
CLAIM_SECONDS = 120
MAX_DELAY = timedelta(hours=6)
USER_AGENT = "Kamitaiou-Webhooks/1"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_attempts() -> int:
    return _setting("KAMITAIOU_WEBHOOK_MAX_ATTEMPTS", 8)


def disable_after() -> int:
    """Consecutive failed attempts (any delivery) after which an endpoint is disabled."""
    return _setting("KAMITAIOU_WEBHOOK_DISABLE_AFTER", 20)


def retry_delay(attempts: int) -> timedelta:
    base = max(_setting("KAMITAIOU_WEBHOOK_RETRY_SECONDS", 30), 1)
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_DELAY)


def signature(secret: str, *, timestamp: int, body: bytes) -> str:
    """The ``X-Kamitaiou-Signature`` header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (documented; used by the tests): check the HMAC and the age."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp=timestamp, body=body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is an answer, not an instruction: counted as a failure


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass(frozen=True)
class Attempt:
    state: str
    status_code: int | None = None
    error: str = ""
    retry_at: datetime | None = None


def _claim(delivery_id: int, *, now: datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        claimed = WebhookDelivery.objects.filter(
            pk=delivery_id,
            state__in=(DeliveryState.QUEUED, DeliveryState.SENDING),
            next_attempt_at__lte=now,
        ).update(
            state=DeliveryState.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
        )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()


def _post(delivery: WebhookDelivery) -> tuple[int | None, str, int]:
    """POST the payload; (status code or None, error, latency in ms)."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    endpoint = delivery.endpoint
    request = urllib.request.Request(  # noqa: S310 — http(s) only, checked by the model
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Kamitaiou-Event": delivery.event_type,
            "X-Kamitaiou-Event-Id": str(delivery.event_id),
            "X-Kamitaiou-Delivery-Attempt": str(delivery.attempts),
            "X-Kamitaiou-Signature": signature(
                endpoint.secret, timestamp=int(time.time()), body=body
            ),
        },
    )
    started = time.monotonic()
    timeout = _setting("KAMITAIOU_WEBHOOK_TIMEOUT", 10)
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(1024)
            status = int(response.status)
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        status, error = None, f"{type(exc).__name__}: {exc}"[:300]
    return status, error, int((time.monotonic() - started) * 1000)


def deliver(delivery_id: int, *, now: datetime | None = None) -> Attempt:
    """One attempt at delivering ``delivery_id``; schedules the next on failure."""
    now = now or timezone.now()
    row = _claim(delivery_id, now=now)
    if row is None:
        state = WebhookDelivery.objects.filter(pk=delivery_id).values_list("state", flat=True)
        return Attempt(state=state.first() or "missing")
    ours = WebhookDelivery.objects.filter(
        pk=row.pk, state=DeliveryState.SENDING, attempts=row.attempts
    )
    if row.endpoint.disabled_at is not None:
        ours.update(state=DeliveryState.FAILED, last_error="endpoint disabled")
        return Attempt(state=DeliveryState.FAILED, error="endpoint disabled")
    status, error, latency = _post(row)
    if not error:
        ours.update(
            state=DeliveryState.DELIVERED,
            delivered_at=timezone.now(),
            last_status_code=status,
            last_error="",
            latency_ms=latency,
        )
        WebhookEndpoint.objects.filter(pk=row.endpoint_id).update(consecutive_failures=0)
        return Attempt(state=DeliveryState.DELIVERED, status_code=status)
    return _failed(row, ours, status=status, error=error, latency=latency)


def _failed(
    row: WebhookDelivery, ours: Any, *, status: int | None, error: str, latency: int
) -> Attempt:
    logger.warning("webhook %s: attempt %s failed: %s", row.pk, row.attempts, error)
    fields = {"last_status_code": status, "last_error": error, "latency_ms": latency}
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=row.endpoint_id).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        _maybe_disable(row.endpoint_id)
        if row.attempts >= max_attempts():
            ours.update(state=DeliveryState.FAILED, **fields)
            return Attempt(state=DeliveryState.FAILED, status_code=status, error=error)
        retry_at = timezone.now() + retry_delay(row.attempts)
        # The failure and the next attempt's task are saved together.
        if ours.update(state=DeliveryState.QUEUED, next_attempt_at=retry_at, **fields):
            deliver_webhook.using(run_after=retry_at).enqueue(row.pk)
    return Attempt(state=DeliveryState.QUEUED, status_code=status, error=error, retry_at=retry_at)


def _maybe_disable(endpoint_id: int) -> None:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    if endpoint.disabled_at is not None or endpoint.consecutive_failures < disable_after():
        return
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = (
        f"{endpoint.consecutive_failures} 回連続で配信に失敗したため停止しました。"
    )[:300]
    endpoint.save(update_fields=["disabled_at", "disabled_reason"])
    transaction.on_commit(lambda: _notify_admins(endpoint))


def _notify_admins(endpoint: WebhookEndpoint) -> None:
    from kamitaiou.accounts.models import Role, User  # noqa: PLC0415

    to = list(
        User.objects.filter(role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)[:50]
    )
    logger.error("webhook endpoint %s disabled: %s", endpoint.pk, endpoint.disabled_reason)
    if to:
        send_mail(
            "【神対応】Webhook の配信先を停止しました / A webhook endpoint was disabled",
            f"{endpoint.url}\n{endpoint.disabled_reason}\n"
            "管理画面で原因を確認し、再開してください。"
            " Check the receiver, then re-enable it in the admin.",
            None,
            to,
            fail_silently=True,
        )


@task()
def deliver_webhook(delivery_id: int) -> str:
    """The worker's task: one attempt at one webhook delivery."""
    return deliver(delivery_id).state
