"""Replies sent by mail from the case page: who may, from which mailbox, to whom, and
the queueing itself (docs/mail.md, 送信).

The case page offers 「メールで送信」 (``reply_channels``) when the case has a mailbox — the
one its customer last wrote to, else its team's — and the customer an address. Choosing
it records the reply as usual; ``cases`` announces ``ReplyRecorded(send="mail")`` and
``on_reply_recorded`` composes the mail and queues it **in the same transaction**, with
the worker's task to send it. Either both are saved or neither is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Organisation, Role
from kamitaiou.cases import escalation_hold, events
from kamitaiou.cases.access import visible_cases
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import Case, Channel, Interaction
from kamitaiou.cases.reply_channels import SendOffer
from kamitaiou.mail.compose import ReplyMail, compose_reply
from kamitaiou.mail.models import InboundMail, InboundStatus, Mailbox
from kamitaiou.mail.outbound_models import OutboundMail

CHANNEL = "mail"
#: Customer mail that is part of the conversation (answers to auto-replies and quarantined
#: or duplicate copies are not).
THREAD_STATUSES = (InboundStatus.NEW, InboundStatus.THREADED)
#: Message-IDs read for ``References`` (the composer keeps the first and the latest).
MAX_CHAIN = 50


@dataclass(frozen=True)
class Route:
    """Where a reply on a case goes, and what it answers (the customer's last mail)."""

    mailbox: Mailbox
    to_address: str
    #: the customer's last mail through ``mailbox`` (all "" when they never wrote)
    last_message_id: str = ""
    last_subject: str = ""


def route_for(case: Case) -> Route | None:
    """The mailbox and address a reply on ``case`` is sent with, or ``None`` (no mailbox
    for the case, or no address for the customer).

    The mailbox the customer last wrote to, else the team's first; one query (the case
    page shows the choice)."""
    last = InboundMail.objects.filter(
        case=case, status__in=THREAD_STATUSES, mailbox=OuterRef("pk")
    ).order_by("-received_at", "-pk")
    mailbox = (
        Mailbox.objects.filter(active=True)
        .filter(Q(team_id=case.team_id) | Exists(last))
        .annotate(
            last_at=Subquery(last.values("received_at")[:1]),
            last_from=Subquery(last.values("from_address")[:1]),
            last_subject=Subquery(last.values("subject")[:1]),
            last_message_id=Subquery(last.values("message_id")[:1]),
        )
        .order_by(F("last_at").desc(nulls_last=True), "pk")
        .first()
    )
    if mailbox is None:
        return None
    address = (getattr(mailbox, "last_from", None) or case.customer.email or "").strip()
    if "@" not in address:
        return None
    return Route(
        mailbox=mailbox,
        to_address=address,
        last_message_id=getattr(mailbox, "last_message_id", None) or "",
        last_subject=getattr(mailbox, "last_subject", None) or "",
    )


def send_refusal(user: Any, case: Case) -> str | None:
    """Why ``user`` may not send a reply on ``case`` by mail; ``None`` when they may.

    Whoever may see the case may reply to its customer — except while a supervisor holds
    it after an escalation (§9.5: the whole case was handed over): then only supervisors
    and admins write to the customer."""
    if not getattr(user, "is_active", False) or not visible_cases(user).filter(pk=case.pk).exists():
        return _("You may not reply on this case.")
    holder = escalation_hold.held_by(case)
    if holder is not None and user.role not in (Role.SUPERVISOR, Role.ADMIN):
        return _(
            "A supervisor has taken over this case: only a supervisor replies to the customer."
        )
    return None


def mail_offer(user: Any, case: Case) -> SendOffer | None:
    """The 「メールで送信」 choice of the reply box (``reply_channels``)."""
    route = route_for(case)
    if route is None:
        return None
    refusal = send_refusal(user, case)
    return SendOffer(
        channel=CHANNEL,
        label=_("Send by mail"),
        detail=_("from %(from)s to %(to)s")
        % {"from": route.mailbox.reply_from, "to": route.to_address},
        allowed=refusal is None,
        reason=refusal or "",
        records_as=Channel.MAIL,
    )


def on_reply_recorded(event: events.ReplyRecorded) -> None:
    """Queue the reply when the writer chose to send it by mail."""
    if event.send == CHANNEL:
        do_queue_reply_mail(event.actor, event.case, interaction=event.interaction)


def do_queue_reply_mail(actor: Any, case: Case, *, interaction: Interaction) -> OutboundMail:
    """Compose the reply's mail and queue it with the task that sends it.

    Runs inside the action that recorded the reply (its transaction, its case lock);
    a refusal raises ``ActionError`` and so takes the reply back too."""
    from kamitaiou.mail.outbound_send import send_reply_mail  # noqa: PLC0415

    refusal = send_refusal(actor, case)
    if refusal:
        raise ActionError(refusal)
    route = route_for(case)
    if route is None:
        raise ActionError(_("This case has no mailbox or the customer has no mail address."))
    composed = compose_reply(reply_mail(case, interaction, route=route, now=timezone.now()))
    message = composed.message
    outbound = OutboundMail.objects.create(
        interaction=interaction,
        case=case,
        mailbox=route.mailbox,
        queued_by=actor,
        from_address=route.mailbox.reply_from,
        to_address=route.to_address,
        subject=str(message["Subject"])[:500],
        message_id=composed.message_id.strip("<>"),
        in_reply_to=str(message["In-Reply-To"] or "").strip("<>"),
        charset=composed.charset,
        notes=list(composed.notes),
        raw=message.as_bytes(),
        next_attempt_at=timezone.now(),
    )
    # Enqueued in this transaction: the row and its task are saved together or not at all.
    send_reply_mail.enqueue(outbound.pk)
    return outbound


def reply_mail(case: Case, interaction: Interaction, *, route: Route, now: datetime) -> ReplyMail:
    """The plain data the composer needs, gathered from the case and the mailbox."""
    mailbox = route.mailbox
    return ReplyMail(
        reply_id=interaction.pk,
        case_id=case.pk,
        from_address=mailbox.reply_from,
        from_name=mailbox.from_name or mailbox.name,
        to_address=route.to_address,
        to_name=case.customer.name,
        original_subject=route.last_subject or case.title,
        body=interaction.text,
        date=now,
        signature=mailbox.signature or _organisation_signature(),
        in_reply_to=f"<{route.last_message_id}>" if route.last_message_id else None,
        references=tuple(f"<{mid}>" for mid in thread_ids(case)),
        charset=mailbox.reply_charset,
    )


def _organisation_signature() -> str:
    organisation = Organisation.current()
    head = " ".join(part for part in (organisation.name, organisation.department) if part)
    return "\n".join(part for part in (head, organisation.signature.strip()) if part)


def thread_ids(case: Case) -> list[str]:
    """The Message-IDs of the case's conversation (the customer's and ours), oldest first."""
    inbound = (
        InboundMail.objects.filter(case=case, status__in=THREAD_STATUSES)
        .order_by("-received_at", "-pk")
        .values_list("received_at", "message_id")[:MAX_CHAIN]
    )
    outbound = (
        OutboundMail.objects.filter(case=case)
        .order_by("-created_at", "-pk")
        .values_list("created_at", "message_id")[:MAX_CHAIN]
    )
    return [mid for _at, mid in sorted([*inbound, *outbound], key=lambda row: row[0])]


def case_for_our_message_ids(ids: Any, team: Any) -> Case | None:
    """The case of one of our replies among ``ids`` (without <>), for the intake's threading."""
    wanted = list(ids)
    rows = dict(
        OutboundMail.objects.filter(message_id__in=wanted, case__team=team).values_list(
            "message_id", "case_id"
        )
    )
    for message_id in wanted:
        if message_id in rows:
            return Case.objects.get(pk=rows[message_id])
    return None
