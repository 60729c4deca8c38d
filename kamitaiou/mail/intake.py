"""One pipeline for every message that comes in, from IMAP or stdin (docs/mail.md).

``intake_message(mailbox, raw)`` parses the raw bytes (``kamitaiou.mail.parsing``, pure),
then, in one transaction: keeps the raw bytes (``InboundMail``), answers ``duplicate``
for a Message-ID the mailbox — or another mailbox of its team — already took, records an
auto-reply or bounce on the case it belongs to (never opening one), threads the mail
onto its case (``threading.find_thread``) or opens a new one through the cases app's
actions, and stores the attachments with the interaction. A message that cannot be
parsed — or whose intake fails for any reason but the database — is quarantined with
its reason and can be re-run (``rerun_quarantined``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction, do_create_case
from kamitaiou.cases.banners import customer_banners
from kamitaiou.cases.models import Case, Channel, Direction, Interaction, Priority
from kamitaiou.mail import attachments
from kamitaiou.mail.identity import customer_for_sender, mail_user
from kamitaiou.mail.models import InboundMail, InboundStatus, Mailbox
from kamitaiou.mail.parsing import MailParseError, ParsedMail, parse_message
from kamitaiou.mail.threading import find_thread

logger = logging.getLogger(__name__)

#: A Date header further from the arrival than this is not believed (the arrival is used).
DATE_FUTURE = timedelta(minutes=10)
DATE_PAST = timedelta(days=30)
RULES_JA = {
    "message_id": "返信先のMessage-ID",
    "tag": "件名の案件番号",
    "subject": "同じお客様・同じ件名",
}


@dataclass(frozen=True)
class IntakeResult:
    """What became of one message: the status, its case and interaction, and why."""

    status: str
    case: Case | None
    interaction: Interaction | None
    reason: str
    inbound: InboundMail | None = None

    def as_json(self) -> dict[str, Any]:
        """The object ``kamitaiou intake-mail --json`` prints."""
        return {
            "status": str(self.status),
            "case": self.case.pk if self.case is not None else None,
            "interaction": self.interaction.pk if self.interaction is not None else None,
            "reason": self.reason,
        }


def own_addresses() -> frozenset[str]:
    """Every mailbox's address and From address: mail from them is a loop, not a customer."""
    pairs = Mailbox.objects.values_list("address", "from_address")
    return frozenset(a.lower() for pair in pairs for a in pair if a)


def fallback_message_id(raw: bytes) -> str:
    """The Message-ID of a message the parser refused: its header if readable, else the
    parser's own stand-in for a missing one (``missing-`` + sha256)."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
        value = str(headers.get("Message-ID", "") or "").strip().strip("<>").strip()
    except Exception:  # any header the stdlib cannot read: fall back to the digest
        value = ""
    if value and len(value) <= 400 and value.isascii() and " " not in value:
        return value
    return "missing-" + hashlib.sha256(raw).hexdigest()[:32]


def intake_message(mailbox: Mailbox, raw: bytes, *, uid: int | None = None) -> IntakeResult:
    """Take one raw message into ``mailbox``: exactly once per (mailbox, Message-ID).

    Atomic (a savepoint inside a caller's transaction, as the IMAP poller's, which moves
    the mailbox's last UID in the same transaction). Raises only on database errors.
    """
    raw = bytes(raw)
    parsed, problem = _parse(raw)
    message_id = parsed.message_id if parsed is not None else fallback_message_id(raw)
    try:
        with transaction.atomic():
            return _intake(mailbox, raw, parsed, message_id=message_id, uid=uid, problem=problem)
    except IntegrityError:
        # Taken by another process at the same moment: the unique key answered for it.
        earlier = InboundMail.objects.filter(mailbox=mailbox, message_id=message_id).first()
        if earlier is None:
            raise
        return _already_taken(earlier)
    except DatabaseError:
        raise
    except Exception as exc:  # a bug or a refused action: keep the mail, never lose it
        logger.exception("mail intake failed for %s in %s", message_id, mailbox.address)
        reason = f"取り込み中にエラーが発生しました: {type(exc).__name__}: {exc}"[:500]
        with transaction.atomic():
            return _quarantine_new(mailbox, raw, message_id=message_id, uid=uid, reason=reason)


def _intake(
    mailbox: Mailbox,
    raw: bytes,
    parsed: ParsedMail | None,
    *,
    message_id: str,
    uid: int | None,
    problem: str,
) -> IntakeResult:
    earlier = InboundMail.objects.filter(mailbox=mailbox, message_id=message_id).first()
    if earlier is not None:
        return _already_taken(earlier)
    if parsed is None:
        return _quarantine_new(mailbox, raw, message_id=message_id, uid=uid, reason=problem)
    # The row first: its unique key stops a second process before it opens a case.
    row = InboundMail.objects.create(
        mailbox=mailbox,
        message_id=message_id,
        raw=raw,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        imap_uid=uid,
        status=InboundStatus.NEW,
        subject=parsed.subject[:500],
        from_address=parsed.from_address[:320],
    )
    return process(row, parsed)


def _already_taken(earlier: InboundMail) -> IntakeResult:
    return IntakeResult(
        status=InboundStatus.DUPLICATE,
        case=earlier.case,
        interaction=earlier.interaction,
        reason=f"このメールは受信済みです（受信記録 {earlier.pk}: {earlier.get_status_display()}）",
        inbound=earlier,
    )


def _quarantine_new(
    mailbox: Mailbox, raw: bytes, *, message_id: str, uid: int | None, reason: str
) -> IntakeResult:
    row = InboundMail.objects.create(
        mailbox=mailbox,
        message_id=message_id,
        raw=raw,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        imap_uid=uid,
        status=InboundStatus.QUARANTINED,
        reason=reason[:500],
    )
    return IntakeResult(InboundStatus.QUARANTINED, None, None, row.reason, row)


def _finish(
    row: InboundMail,
    parsed: ParsedMail,
    *,
    status: str,
    reason: str,
    case: Case | None = None,
    interaction: Interaction | None = None,
    notes: list[str] | None = None,
) -> IntakeResult:
    row.status = status
    row.reason = reason[:500]
    row.case = case
    row.interaction = interaction
    row.subject = parsed.subject[:500]
    row.from_address = parsed.from_address[:320]
    row.sent_at = parsed.date
    row.body_text = parsed.body_text
    row.notes = [*parsed.notes, *(notes or [])]
    row.processed_at = timezone.now()
    row.save()
    return IntakeResult(status, case, interaction, row.reason, row)


def process(row: InboundMail, parsed: ParsedMail) -> IntakeResult:
    """Decide and record what ``row`` (saved, its raw bytes kept) becomes. In a transaction."""
    mailbox = row.mailbox
    team = mailbox.team
    twin = (
        InboundMail.objects.filter(mailbox__team=team, message_id=row.message_id)
        .exclude(pk=row.pk)
        .exclude(status=InboundStatus.QUARANTINED)
        .select_related("mailbox")
        .order_by("pk")
        .first()
    )
    if twin is not None:
        reason = f"同じメールを {twin.mailbox.address} で受信済みです（受信記録 {twin.pk}）"
        return _finish(row, parsed, status=InboundStatus.DUPLICATE, reason=reason, case=twin.case)
    actor = mail_user()
    if parsed.auto_reply:
        return _auto_reply(row, parsed, actor=actor)
    if not parsed.from_address:
        reason = "差出人のメールアドレスがないため、お客様を特定できません"
        return _finish(row, parsed, status=InboundStatus.QUARANTINED, reason=reason)
    customer, created = customer_for_sender(
        mailbox, address=parsed.from_address, name=parsed.from_name, actor=actor
    )
    thread = find_thread(parsed, team=team, customer=customer)
    text, notes = _interaction_text(parsed)
    # A customer under a restriction of service (対応制限) still gets their mail taken in:
    # the intake record says so, and their case shows the banner (cases.banners).
    notes += [banner.text for banner in customer_banners(customer)]
    occurred_at = _occurred_at(parsed)
    if thread is not None and thread.case.is_open:
        interaction = do_add_interaction(
            actor,
            thread.case,
            direction=Direction.IN,
            channel=Channel.MAIL,
            text=text,
            occurred_at=occurred_at,
        )
        notes += attachments.store(row, interaction, parsed.attachments)
        reason = f"案件 #{thread.case.pk} に追加しました（{RULES_JA[thread.rule]}）"
        return _finish(
            row,
            parsed,
            status=InboundStatus.THREADED,
            reason=reason,
            case=thread.case,
            interaction=interaction,
            notes=notes,
        )
    case = do_create_case(
        actor,
        kind=mailbox.default_kind,
        title=parsed.subject.strip()[:200] or "（件名なし）",
        team=team,
        priority=Priority.NORMAL,
        customer=customer,
        first_message=text,
        channel=Channel.MAIL,
        opened_at=occurred_at,
    )
    interaction = case.interactions.order_by("pk").first()
    assert interaction is not None  # the first message is never empty
    notes += attachments.store(row, interaction, parsed.attachments)
    reason = f"新しい案件 #{case.pk} を作成しました"
    if thread is not None:
        reason += f"（案件 #{thread.case.pk} は完了済みのため）"
    if created:
        reason += "。お客様をメールアドレスから新規登録しました"
    return _finish(
        row,
        parsed,
        status=InboundStatus.NEW,
        reason=reason,
        case=case,
        interaction=interaction,
        notes=notes,
    )


def _auto_reply(row: InboundMail, parsed: ParsedMail, *, actor: Any) -> IntakeResult:
    """Recorded on the case it answers, as an internal note (never a customer's message:
    no reading, no SLA clock, no reply); with no such case, only kept here."""
    thread = find_thread(parsed, team=row.mailbox.team, customer=None)
    why = parsed.auto_reply or ""
    if thread is None:
        reason = f"自動応答・配信エラーのメールです（{why}）。該当する案件がないため記録のみです"
        return _finish(row, parsed, status=InboundStatus.AUTO_REPLY, reason=reason)
    subject = parsed.subject.strip() or "（件名なし）"
    note = f"自動応答・配信エラーのメールを受信しました（{why}）\n件名: {subject}"
    if parsed.from_address:
        note += f"\n差出人: {parsed.from_address}"
    interaction = do_add_interaction(
        actor,
        thread.case,
        direction=Direction.INTERNAL,
        channel=Channel.MAIL,
        text=note,
        occurred_at=_occurred_at(parsed),
    )
    reason = f"自動応答・配信エラーのメールです（{why}）。案件 #{thread.case.pk} に記録しました"
    return _finish(
        row,
        parsed,
        status=InboundStatus.AUTO_REPLY,
        reason=reason,
        case=thread.case,
        interaction=interaction,
    )


def _interaction_text(parsed: ParsedMail) -> tuple[str, list[str]]:
    """The customer's new words (what the analyzer reads), bounded; the whole body stays
    on the ``InboundMail``."""
    text = parsed.new_text.strip() or parsed.body_text.strip()
    notes: list[str] = []
    if not text:
        text = "（本文なし）"
    limit = settings.KAMITAIOU_MAX_TEXT
    if len(text) > limit:
        notes.append(f"本文が長いため、対応履歴には先頭の{limit}文字を記録しました")
        text = text[:limit]
    return text, notes


def _occurred_at(parsed: ParsedMail) -> datetime:
    now = timezone.now()
    date = parsed.date
    if date is None or date > now + DATE_FUTURE or date < now - DATE_PAST:
        return now
    return date


def _parse(raw: bytes) -> tuple[ParsedMail | None, str]:
    """The parsed message, or ``None`` and the reason it could not be parsed (a parser bug
    must not lose the mail either: it is quarantined with the error)."""
    try:
        return parse_message(raw, own_addresses=own_addresses()), ""
    except MailParseError as exc:
        return None, exc.reason
    except Exception as exc:
        logger.exception("the mail parser failed")
        return None, f"解析中にエラーが発生しました: {type(exc).__name__}: {exc}"


def rerun_quarantined(row: InboundMail) -> IntakeResult:
    """Take a quarantined message again (after a fix of the parser, say). The same row is
    kept: only its outcome changes; a message that still fails stays quarantined."""
    raw = bytes(row.raw)
    parsed, problem = _parse(raw)
    try:
        with transaction.atomic():
            locked = (
                InboundMail.objects.select_for_update(of=("self",))
                .select_related("mailbox")
                .get(pk=row.pk)
            )
            if locked.status != InboundStatus.QUARANTINED:
                return _already_taken(locked)
            locked.attempts += 1
            if parsed is None:
                locked.reason = problem[:500]
                locked.processed_at = timezone.now()
                locked.save(update_fields=["attempts", "reason", "processed_at"])
                return IntakeResult(InboundStatus.QUARANTINED, None, None, locked.reason, locked)
            if parsed.message_id != locked.message_id:
                taken = InboundMail.objects.filter(
                    mailbox=locked.mailbox, message_id=parsed.message_id
                ).first()
                if taken is not None:
                    result = _already_taken(taken)
                    return _finish(
                        locked, parsed, status=InboundStatus.DUPLICATE, reason=result.reason
                    )
                locked.message_id = parsed.message_id
            return process(locked, parsed)
    except DatabaseError:
        raise
    except Exception as exc:  # still failing: it stays in the quarantine with the reason
        logger.exception("re-running quarantined mail %s failed", row.pk)
        reason = f"再処理中にエラーが発生しました: {type(exc).__name__}: {exc}"[:500]
        InboundMail.objects.filter(pk=row.pk).update(reason=reason, processed_at=timezone.now())
        row.refresh_from_db()
        return IntakeResult(InboundStatus.QUARANTINED, None, None, reason, row)
