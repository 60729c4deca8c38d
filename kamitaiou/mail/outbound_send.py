"""The worker's side of replies sent by mail: claim, send over SMTP, retry, give up.

One task per reply (``send_reply_mail``), enqueued with the reply; a failed attempt
enqueues the next one ``KAMITAIOU_MAIL_RETRY_SECONDS × 2^(attempt-1)`` later, in the
transaction that records the failure, until ``KAMITAIOU_MAIL_MAX_ATTEMPTS``; then the
row is ``failed`` with the reason, shown under the reply on the case record. A refusal
for good (5xx for the recipient or the content) fails at once.

Delivery is **at-least-once**, as for reminder mails (docs/followups.md): the claim
(``sending``) is committed before the SMTP conversation, so no database lock is held
while a server answers; a worker killed before it records the outcome leaves the claim
to run out (``CLAIM_SECONDS``), and the task — put back by the worker's housekeeping —
sends the same bytes again, with the same Message-ID.
"""

from __future__ import annotations

import logging
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kamitaiou.mail.outbound_models import OutboundMail, OutboundState

logger = logging.getLogger(__name__)
#: How long a claim lasts: longer than one SMTP conversation can (``EMAIL_TIMEOUT`` per
#: exchange), shorter than the worker's reclaim of lost tasks.
CLAIM_SECONDS = 120
MAX_DELAY = timedelta(hours=6)


@dataclass(frozen=True)
class Attempt:
    """What one call of ``deliver`` did."""

    state: str
    sent: bool = False
    error: str = ""
    retry_at: datetime | None = None


class _PrebuiltMessage:
    """The stored bytes, as Django's SMTP backend asks for them (``as_bytes(linesep=)``)."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode("ascii"))


class StoredMail(EmailMessage):
    """A Django ``EmailMessage`` whose message is the one composed when it was queued, so
    it goes through whichever backend is configured (SMTP; locmem in tests)."""

    def __init__(self, outbound: OutboundMail) -> None:
        super().__init__(from_email=outbound.from_address, to=[outbound.to_address])
        self.raw = bytes(outbound.raw)
        self.message_id = outbound.message_id

    def message(self) -> Any:  # type: ignore[override]
        return _PrebuiltMessage(self.raw)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after ``attempts`` failed attempts, capped."""
    base = max(int(settings.KAMITAIOU_MAIL_RETRY_SECONDS), 1)
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_DELAY)


def short_reason(exc: BaseException) -> str:
    """A short Japanese reason for the record (the detail in brackets, bounded)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(f"{code} {_text(msg)}" for code, msg in exc.recipients.values())
        head = "宛先が受け取りを拒否しました"
    elif isinstance(exc, smtplib.SMTPSenderRefused):
        detail, head = f"{exc.smtp_code} {_text(exc.smtp_error)}", "差出人アドレスが拒否されました"
    elif isinstance(exc, smtplib.SMTPDataError):
        detail, head = f"{exc.smtp_code} {_text(exc.smtp_error)}", "メールの内容が拒否されました"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        detail, head = f"{exc.smtp_code}", "SMTP サーバーのログインに失敗しました"
    elif isinstance(exc, ConnectionRefusedError | smtplib.SMTPConnectError):
        detail, head = type(exc).__name__, "SMTP サーバーに接続できません"
    elif isinstance(exc, socket.timeout | TimeoutError):
        detail, head = type(exc).__name__, "SMTP サーバーが応答しません"
    else:
        detail, head = f"{type(exc).__name__}: {exc}", "送信できませんでした"
    return f"{head}（{detail}）"[:300]


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def permanent(exc: BaseException) -> bool:
    """The server refused this mail for good (5xx for its recipient or its content)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def _claim(outbound_id: int, *, now: datetime) -> OutboundMail | None:
    """Take the row for one attempt if it is due (queued, or a claim that ran out)."""
    with transaction.atomic():
        claimed = OutboundMail.objects.filter(
            pk=outbound_id,
            state__in=(OutboundState.QUEUED, OutboundState.SENDING),
            next_attempt_at__lte=now,
        ).update(
            state=OutboundState.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
        )
    return OutboundMail.objects.filter(pk=outbound_id).first() if claimed else None


def deliver(outbound_id: int, *, now: datetime | None = None, connection: Any = None) -> Attempt:
    """One attempt at sending reply mail ``outbound_id``; schedules the next on failure."""
    now = now or timezone.now()
    row = _claim(outbound_id, now=now)
    if row is None:
        current = OutboundMail.objects.filter(pk=outbound_id).values_list("state", flat=True)
        return Attempt(state=current.first() or "missing")
    ours = OutboundMail.objects.filter(
        pk=row.pk, state=OutboundState.SENDING, attempts=row.attempts
    )
    try:
        backend = connection or get_connection(fail_silently=False)
        backend.send_messages([StoredMail(row)])
    except (smtplib.SMTPException, OSError) as exc:
        return _failed(row, ours, exc)
    ours.update(state=OutboundState.SENT, sent_at=timezone.now(), last_error="")
    return Attempt(state=OutboundState.SENT, sent=True)


def _failed(row: OutboundMail, ours: Any, exc: BaseException) -> Attempt:
    reason = short_reason(exc)
    logger.warning("reply mail %s: attempt %s failed: %s", row.pk, row.attempts, reason)
    if permanent(exc) or row.attempts >= settings.KAMITAIOU_MAIL_MAX_ATTEMPTS:
        ours.update(state=OutboundState.FAILED, last_error=reason)
        return Attempt(state=OutboundState.FAILED, error=reason)
    retry_at = timezone.now() + retry_delay(row.attempts)
    with transaction.atomic():
        # The failure and the next attempt's task are saved together.
        if ours.update(state=OutboundState.QUEUED, last_error=reason, next_attempt_at=retry_at):
            send_reply_mail.using(run_after=retry_at).enqueue(row.pk)
    return Attempt(state=OutboundState.QUEUED, error=reason, retry_at=retry_at)


@task()
def send_reply_mail(outbound_id: int) -> str:
    """The worker's task: one attempt at sending one reply mail."""
    return deliver(outbound_id).state


def send_due(*, now: datetime | None = None, limit: int = 500) -> list[Attempt]:
    """Attempt every reply mail that is due now (by hand: ``kamitaiou send_mail``)."""
    now = now or timezone.now()
    due = list(
        OutboundMail.objects.filter(
            state__in=(OutboundState.QUEUED, OutboundState.SENDING), next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not due:
        return []
    connection = get_connection(fail_silently=False)
    return [deliver(pk, now=now, connection=connection) for pk in due]
