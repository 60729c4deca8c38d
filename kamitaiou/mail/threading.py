"""Which case an incoming mail belongs to (docs/mail.md, "Threading").

In order: the Message-IDs it answers (In-Reply-To, References — of mail that came in and,
through ``register_message_finder``, of the replies we sent), then the case tag in the
subject (【#123】, only a case of the mailbox's team), then an open case of the same
customer whose mail had the same subject within ``KAMITAIOU_MAIL_THREAD_DAYS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from kamitaiou.accounts.models import Team
from kamitaiou.cases.models import Case, Customer
from kamitaiou.mail.models import InboundMail, InboundStatus
from kamitaiou.mail.parsing import ParsedMail, normalize_subject

#: A finder maps Message-IDs (without <>) to the case of one of them, within a team.
MessageFinder = Callable[[Sequence[str], Team], "Case | None"]
_finders: dict[str, MessageFinder] = {}

#: How many of a customer's recent mails the subject rule compares (bounded query).
SUBJECT_CANDIDATES = 50


@dataclass(frozen=True)
class Thread:
    """The case a mail joins, and by which rule (for the intake's reason)."""

    case: Case
    rule: str


def register_message_finder(name: str, finder: MessageFinder) -> None:
    """Let another part of the mail app (the outgoing mail) answer for its Message-IDs."""
    _finders[name] = finder


def _clean(ids: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for raw in ids:
        value = (raw or "").strip().strip("<>").strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


def case_for_message_ids(ids: Iterable[str | None], *, team: Team) -> Case | None:
    """The case of ``team`` that one of ``ids`` belongs to, the first of ``ids`` first."""
    wanted = _clean(ids)[:100]
    if not wanted:
        return None
    rows = dict(
        InboundMail.objects.filter(
            message_id__in=wanted, mailbox__team=team, case__isnull=False
        ).values_list("message_id", "case_id")
    )
    for message_id in wanted:
        if message_id in rows:
            return Case.objects.get(pk=rows[message_id])
    for finder in _finders.values():
        case = finder(wanted, team)
        if case is not None and case.team_id == team.pk:
            return case
    return None


def case_for_tag(tag: int | None, *, team: Team) -> Case | None:
    """The case ``tag`` names, if it is one of ``team``'s (another team's is ignored)."""
    if tag is None:
        return None
    return Case.objects.filter(pk=tag, team=team).first()


def case_for_subject(subject: str, *, customer: Customer, team: Team) -> Case | None:
    """An open case of ``customer`` whose mail had the same subject within the window."""
    key = normalize_subject(subject)
    if not key:
        return None
    since = timezone.now() - timedelta(days=settings.KAMITAIOU_MAIL_THREAD_DAYS)
    recent = (
        InboundMail.objects.filter(
            mailbox__team=team,
            case__customer=customer,
            case__closed_at__isnull=True,
            received_at__gte=since,
        )
        .exclude(status=InboundStatus.QUARANTINED)
        .order_by("-received_at")
        .values_list("subject", "case_id")[:SUBJECT_CANDIDATES]
    )
    for other_subject, case_id in recent:
        if normalize_subject(other_subject) == key:
            return Case.objects.get(pk=case_id)
    return None


def find_thread(parsed: ParsedMail, *, team: Team, customer: Customer | None) -> Thread | None:
    """The case ``parsed`` continues, by the first rule that finds one."""
    answered = [parsed.in_reply_to, *reversed(parsed.references), parsed.bounced_message_id]
    case = case_for_message_ids(answered, team=team)
    if case is not None:
        return Thread(case, "message_id")
    case = case_for_tag(parsed.case_tag, team=team)
    if case is not None:
        return Thread(case, "tag")
    if customer is not None:
        case = case_for_subject(parsed.subject, customer=customer, team=team)
        if case is not None:
            return Thread(case, "subject")
    return None
