"""Reminder mails through an outbox: at-least-once, each with a stable Message-ID.

1. ``queue_due_reminders`` inserts one ``ReminderDelivery`` per due follow-up and channel;
   the unique constraint (follow-up, channel) makes re-queuing harmless.
2. ``send_pending`` takes one pending row at a time in its own transaction — locked with
   ``select_for_update(skip_locked=True)`` on PostgreSQL, by the write lock of the
   ``BEGIN IMMEDIATE`` transaction on SQLite — sends it over one SMTP connection, marks it
   sent and commits. A worker killed before the commit leaves the row pending (the
   database rolls the claim back), so the next run sends it; a committed row is never
   picked again.

The guarantee is **at-least-once**: no due reminder is lost, but a worker killed after
the SMTP server accepted a mail and before our COMMIT sends that one mail again on the
next run. Exactly-once is impossible across SMTP (the server's "250 OK" and our commit
cannot be one transaction). Both copies carry the same Message-ID, derived from the
row, so a mail client or server that deduplicates by Message-ID shows one.

A reminder that cannot be delivered is never dropped silently: no address, a permanent
refusal (5xx) or a day of temporary failures mark it ``failed`` with the reason,
and it shows on 「届かなかったリマインダー」 for the person's supervisor and admins.
"""

from __future__ import annotations

import logging
import os
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

from kamitaiou.followups.models import FollowUp, FollowUpSettings, ReminderDelivery, Status
from kamitaiou.method.followups import DEFAULT_CALENDAR, FollowUpKind
from kamitaiou.method.followups.business_calendar import format_ja

logger = logging.getLogger(__name__)
MAIL = ReminderDelivery.Channel.MAIL
PENDING, SENT, SKIPPED, FAILED = (
    ReminderDelivery.State.PENDING,
    ReminderDelivery.State.SENT,
    ReminderDelivery.State.SKIPPED,
    ReminderDelivery.State.FAILED,
)
#: Temporary SMTP failures (4xx, server down, login refused) are retried every sweep for
#: this long after the reminder was queued; then it is given up as failed (and shown).
GIVE_UP_AFTER = timedelta(hours=24)
NO_ADDRESS = "宛先のメールアドレスが登録されていません"
NO_RECIPIENT = "担当者が決まっていません"
#: Tests only: seconds to hold a claimed row before sending (HOLD_ENV) or after the SMTP
#: server accepted it and before the commit (HOLD_SENT_ENV), so that a test can kill the
#: worker in either window (tests/followups/test_worker.py).
HOLD_ENV = "KAMITAIOU_TEST_HOLD_CLAIM_SECONDS"
HOLD_SENT_ENV = "KAMITAIOU_TEST_HOLD_SENT_SECONDS"
#: Deliveries read per query; each is still claimed and sent in its own transaction.
BATCH = 100


@dataclass
class SendReport:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    #: marked ``failed`` in this run (no address, refused, gave up): shown, not retried
    undeliverable: int = 0
    errors: list[str] = field(default_factory=list)


def queue_due_reminders(*, now: datetime, limit: int = 10_000) -> int:
    """Add a pending mail delivery for each open follow-up due by now (+ lead time)."""
    lead = timedelta(minutes=FollowUpSettings.load().remind_before_minutes)
    due = (
        FollowUp.objects.filter(
            status=Status.OPEN, due_at__lte=now + lead, reminder_sent_at__isnull=True
        )
        .exclude(deliveries__channel=MAIL)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    rows = [ReminderDelivery(followup_id=pk, channel=MAIL, created_at=now) for pk in due]
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def recipient_of(followup: FollowUp) -> Any:
    """Who is reminded: the named owner, else the case's assignee."""
    if followup.owner_id:
        return followup.owner
    return followup.case.assignee if followup.case_id else None


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "kamitaiou.local"


def message_id(delivery: ReminderDelivery) -> str:
    """Stable per delivery row: a retried send carries the same Message-ID."""
    return f"<reminder-{delivery.pk}.{delivery.followup_id}@{_domain()}>"


def build_message(delivery: ReminderDelivery, followup: FollowUp, *, to: str) -> EmailMessage:
    """The Japanese reminder mail for one follow-up."""
    due = format_ja(followup.due_at, calendar=DEFAULT_CALENDAR)
    case = followup.case
    link = settings.KAMITAIOU_SITE_URL + (f"/cases/{case.pk}/" if case else "/today/")
    lines = [
        f"{recipient_of(followup)} 様",
        "",
        "次の予定の期限です。",
        "",
        f"■ {followup.title}",
        f"種類: {FollowUpKind(followup.kind).label_ja}",
        f"期限: {due}",
        f"お客様: {followup.customer}",
    ]
    if case is not None:
        lines.append(f"案件: #{case.pk} {case.title}")
    if followup.note:
        lines += ["", followup.note]
    if followup.script:
        lines += ["", "お客様へのお声がけ例:", f"「{followup.script}」"]
    lines += ["", f"案件を開く: {link}", f"今日の予定: {settings.KAMITAIOU_SITE_URL}/today/"]
    message = EmailMessage(
        subject=f"【神対応】{followup.title}（期限 {due}）",
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id(delivery), "X-Kamitaiou-Followup": str(followup.pk)},
    )
    return message


def _next_batch(exclude: set[int], size: int) -> list[ReminderDelivery]:
    """Pending deliveries with what the mail needs, read without locks (one query)."""
    ids = list(
        ReminderDelivery.objects.filter(state=PENDING)
        .exclude(pk__in=exclude)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:size]
    )
    return list(
        ReminderDelivery.objects.filter(pk__in=ids)
        .select_related("followup", "followup__owner", "followup__customer")
        .select_related("followup__case", "followup__case__assignee")
        .order_by("created_at", "pk")
    )


def _claim(delivery: ReminderDelivery) -> tuple[int, str] | None:
    """Lock ``delivery`` if it is still pending: (attempts, follow-up status), else None."""
    qs = ReminderDelivery.objects.filter(pk=delivery.pk, state=PENDING)
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    row = qs.values_list("attempts", "followup__status").first()
    return None if row is None else (int(row[0]), str(row[1]))


def _deliver_one(smtp: Any, delivery: ReminderDelivery, *, report: SendReport) -> bool:
    """Claim, send and mark one delivery in one transaction; False if it was not ours."""
    followup = delivery.followup
    with transaction.atomic():
        claimed = _claim(delivery)
        if claimed is None:
            return False  # sent or being sent by another worker
        attempts, status = claimed
        pending = ReminderDelivery.objects.filter(pk=delivery.pk)
        who = recipient_of(followup)
        if status != Status.OPEN:
            pending.update(state=SKIPPED, last_error="完了・スキップ済み")
            report.skipped += 1
            return True
        if who is None or not who.email:
            # Not silently: the supervisor and admins see it with the reason.
            reason = NO_RECIPIENT if who is None else f"{NO_ADDRESS}（{who}）"
            pending.update(state=FAILED, last_error=reason, attempts=attempts + 1)
            report.undeliverable += 1
            return True
        hold = float(os.environ.get(HOLD_ENV, "0") or 0)
        if hold:
            time.sleep(hold)
        try:
            message = build_message(delivery, followup, to=who.email)
        except Exception as exc:  # one broken row must not stop the others
            logger.exception("reminder %s: the mail could not be built", delivery.pk)
            pending.update(state=FAILED, attempts=attempts + 1, last_error=_error(exc))
            report.undeliverable += 1
            return True
        try:
            if getattr(smtp, "connection", True) is None:
                smtp.open()  # opened once, reused for the whole sweep
            smtp.send_messages([message])
        except (smtplib.SMTPException, OSError) as exc:
            # Nothing went out. Refused for good, or too often: failed, shown with the
            # reason; otherwise pending for the next sweep.
            error = _error(exc)
            given_up = _permanent(exc) or timezone.now() - delivery.created_at > GIVE_UP_AFTER
            pending.update(
                state=FAILED if given_up else PENDING, attempts=attempts + 1, last_error=error
            )
            report.failed += 1
            report.undeliverable += int(given_up)
            report.errors.append(error)
            return True
        held = float(os.environ.get(HOLD_SENT_ENV, "0") or 0)
        if held:
            time.sleep(held)
        now = timezone.now()
        pending.update(
            state=SENT,
            sent_at=now,
            attempts=attempts + 1,
            recipient=who.email,
            message_id=message_id(delivery),
        )
        FollowUp.objects.filter(pk=followup.pk).update(reminder_sent_at=now)
        report.sent += 1
        return True


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _permanent(exc: BaseException) -> bool:
    """True when the server refused this mail for good: a 5xx for its recipient or its
    content. A refused login or sender is the configuration, not this mail: retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def send_pending(*, limit: int | None = None, stop_after_failures: int = 3) -> SendReport:
    """Send pending reminder mails over one SMTP connection (each in its own transaction)."""
    report = SendReport()
    # Rows left pending on purpose (failed) or claimed by another worker: not again now.
    passed: set[int] = set()
    done = 0
    smtp = get_connection(fail_silently=False)
    try:
        while limit is None or done < limit:
            batch = _next_batch(passed, BATCH)
            if not batch:
                break
            for delivery in batch:
                failed = report.failed
                if not _deliver_one(smtp, delivery, report=report) or report.failed > failed:
                    passed.add(delivery.pk)
                done += 1
                if report.failed >= stop_after_failures:
                    logger.warning("reminder mail: stopping after %d failures", report.failed)
                    return report
    finally:
        try:
            smtp.close()
        except (smtplib.SMTPException, OSError):
            logger.warning("reminder mail: closing the SMTP connection failed")
    return report
