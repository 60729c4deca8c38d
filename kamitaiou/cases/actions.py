"""The only way data changes: ``do_<verb>_<noun>`` actions.

Each action is atomic, re-checks what the form already checked where it matters for
integrity, and appends the matching event to the case record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases import coaching, escalation_hold, events, reading, reply_channels, workflow
from kamitaiou.cases.models import (
    Case,
    Contract,
    Customer,
    Direction,
    EventKind,
    Interaction,
    Priority,
)
from kamitaiou.cases.record import append_event

#: Shown when a reply with an error-level coach finding is saved without the confirmation.
CONFIRM_MESSAGE = (
    "この返信にはコーチの重大な指摘があります。内容を確認し、"
    "「内容を確認しました」にチェックを入れてから保存してください。"
)


#: Shown when a reply is saved or sent past customer messages the writer has not seen.
NEW_MESSAGES_MESSAGE = (
    "このページを開いた後に、お客様から新しいメッセージが届いています。"
    "内容を読んでから、もう一度保存・送信してください（下書きはそのまま残っています）。"
)


class ActionError(Exception):
    """A business rule refused the action; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NewMessagesError(ActionError):
    """A reply was about to go out past customer messages its writer had not seen."""

    def __init__(self, unseen: list[Interaction]) -> None:
        super().__init__(NEW_MESSAGES_MESSAGE)
        self.unseen = unseen


@dataclass(frozen=True)
class NewCustomer:
    name: str
    team: Any
    name_kana: str = ""
    company: str = ""
    phone: str = ""
    email: str = ""


@transaction.atomic
def do_create_customer(actor: Any, *, data: NewCustomer) -> Customer:
    """Create a customer in one of ``actor``'s teams."""
    customer = Customer.objects.create(
        name=data.name,
        name_kana=data.name_kana,
        company=data.company,
        phone=data.phone,
        email=data.email,
        team=data.team,
    )
    events.announce(events.CustomerSaved(actor, customer=customer))
    return customer


#: Case fields an added interaction may change (first response, the analyzer's reading).
RECORD_FIELDS = ["first_response_at", "labels", "anger", "threat", "due_at", "facts"]


def touch_case(case: Case, *, fields: list[str]) -> None:
    """Save ``fields`` of a locked case with its activity time, urgency and chain head."""
    case.last_activity_at = timezone.now()
    case.refresh_inbox_order()
    case.save(
        update_fields=[
            *fields,
            "last_activity_at",
            "urgency",
            "inbox_rank",
            "inbox_due",
            "record_seq",
            "record_head",
        ]
    )


@transaction.atomic
def do_create_case(
    actor: Any,
    *,
    kind: str,
    title: str,
    team: Any,
    priority: int,
    customer: Customer | None = None,
    new_customer: NewCustomer | None = None,
    contract: Contract | None = None,
    assignee: Any = None,
    first_message: str = "",
    channel: str = "phone",
    opened_at: datetime | None = None,
) -> Case:
    """Open a case (creating its customer inline when asked) with its first record entry."""
    if (customer is None) == (new_customer is None):
        raise ActionError("顧客を選ぶか、新しい顧客の名前を入力してください。")
    if customer is None:
        assert new_customer is not None
        customer = do_create_customer(actor, data=new_customer)
    if contract is not None and contract.customer_id != customer.pk:
        raise ActionError("選んだ契約はこの顧客のものではありません。")
    now = opened_at or timezone.now()
    case = Case(
        kind=kind,
        title=title,
        customer=customer,
        contract=contract,
        team=team,
        assignee=assignee,
        priority=priority,
        channel=channel,
        stage=workflow.initial_stage(kind),
        opened_at=now,
        last_activity_at=now,
    )
    case.refresh_inbox_order()
    case.save()
    append_event(
        case,
        kind=EventKind.CREATED,
        actor=actor,
        data={
            "kind": kind,
            "title": title,
            "stage": case.stage,
            "customer": customer.pk,
            "team": team.pk,
            "priority": priority,
            "contract": contract.pk if contract is not None else None,
            "assignee": getattr(assignee, "pk", None),
        },
        # what the case page shows of the customer and its contracts, as of now
        seals=[customer, *customer.contracts.order_by("pk")],
    )
    interaction = None
    if first_message:
        interaction = add_interaction(
            case,
            actor=actor,
            direction=Direction.IN,
            channel=channel,
            text=first_message,
            occurred_at=now,
        )
    touch_case(case, fields=RECORD_FIELDS)
    events.announce(events.CaseOpened(actor, case))
    if interaction is not None:
        _react(actor, case, interaction)
    return case


def add_interaction(
    case: Case, *, actor: Any, direction: str, channel: str, text: str, occurred_at: datetime
) -> Interaction:
    """Insert an interaction and its record event into a locked case (caller saves it)."""
    interaction = Interaction.objects.create(
        case=case,
        direction=direction,
        channel=channel,
        text=text,
        occurred_at=occurred_at,
        author=actor,
    )
    append_event(case, kind=EventKind.INTERACTION, actor=actor, interaction=interaction)
    events.announce(events.InteractionRecorded(actor, case, interaction=interaction))
    if direction == Direction.OUT and case.first_response_at is None:
        case.first_response_at = occurred_at
    if direction == Direction.IN:
        analysis = reading.read_interaction(interaction)
        reading.apply_reading(case, analysis, text=text, occurred_at=occurred_at)
    return interaction


def _react(actor: Any, case: Case, interaction: Interaction) -> None:
    # The method's reactions are actions of their own (they lock and append to the
    # record themselves), so they run after this action has saved the case.
    from kamitaiou.cases.protection_actions import react_to_reading  # noqa: PLC0415

    react_to_reading(actor, case, interaction)


@transaction.atomic
def do_add_interaction(
    actor: Any,
    case: Case,
    *,
    direction: str,
    channel: str,
    text: str,
    occurred_at: datetime,
    coach_shown: str | None = None,
    coach_confirmed: bool = False,
    send: str = "",
    seen_inbound: int | None = None,
) -> Interaction:
    """Record a contact or note on ``case`` (append-only). For a reply written with the
    coach open, ``coach_shown`` is what the coach showed; it is kept with the reply.

    Such a reply with an error-level finding (re-checked here on the text itself) is
    refused unless ``coach_confirmed``; the confirmation is kept with the reply. A reply
    to be sent (``send``: a channel of ``reply_channels``, e.g. ``"mail"``) always goes
    through that check, and is handed to the channel's app by ``events.ReplyRecorded``
    in this transaction.

    ``seen_inbound`` is the newest customer message the writer's page showed: a reply
    past newer ones raises ``NewMessagesError`` (they are read first, nothing is saved)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    replying = direction == Direction.OUT
    if replying and seen_inbound is not None:
        unseen = list(
            locked.interactions.filter(direction=Direction.IN, pk__gt=seen_inbound)
            .select_related("author")
            .order_by("pk")[:20]
        )
        if unseen:
            raise NewMessagesError(unseen)
    if send:
        _check_send(actor, locked, channel=send, direction=direction)
    coached = replying and (coach_shown is not None or bool(send))
    if coached and not coach_confirmed and coaching.error_codes(coaching.check(locked, text)):
        raise ActionError(CONFIRM_MESSAGE)
    interaction = add_interaction(
        locked,
        actor=actor,
        direction=direction,
        channel=channel,
        text=text,
        occurred_at=occurred_at,
    )
    if coached:
        coaching.record_coaching(
            locked,
            interaction,
            shown_raw=coach_shown or "",
            confirmed_by=actor if coach_confirmed else None,
        )
    touch_case(locked, fields=RECORD_FIELDS)
    if direction == Direction.IN:
        events.announce(events.CustomerContacted(actor, locked, at=occurred_at))
    if replying:
        events.announce(events.ReplyRecorded(actor, locked, interaction=interaction, send=send))
    _react(actor, locked, interaction)
    return interaction


def _check_send(actor: Any, case: Case, *, channel: str, direction: str) -> None:
    """Refuse a send the case page would not have offered (re-checked under the lock)."""
    if direction != Direction.OUT:
        raise ActionError("送信できるのはお客様への返信だけです。")
    offer = reply_channels.offer_for(actor, case, channel)
    if offer is None:
        raise ActionError("この案件はこの方法では送信できません。")
    if not offer.allowed:
        raise ActionError(offer.reason or "この案件の返信を送信する権限がありません。")


@transaction.atomic
def do_assign_case(actor: Any, case: Case, *, assignee: Any, reason: str = "") -> Case:
    """Make ``assignee`` (who must work in the case's team) responsible for ``case``.

    While a supervisor holds the case after an escalation (§9.5) only a supervisor or an
    admin may do this, and ``reason`` (required then) goes on the record."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if assignee is not None and not (
        assignee.is_active and assignee.teams.filter(pk=locked.team_id).exists()
    ):
        raise ActionError("担当者はこの案件のチームのメンバーである必要があります。")
    if locked.assignee_id == getattr(assignee, "pk", None):
        return locked
    holder = escalation_hold.held_by(locked)
    problem = escalation_hold.reassign_problem(actor, holder=holder, reason=reason)
    if problem:
        raise ActionError(problem)
    previous = locked.assignee_id
    locked.assignee = assignee
    data = {
        "from": previous,
        "to": getattr(assignee, "pk", None),
        "to_name": str(assignee) if assignee else "",
    }
    if reason.strip():
        data["reason"] = reason.strip()
    if holder is not None:
        data["escalation_held_by"] = holder.pk
    append_event(locked, kind=EventKind.ASSIGNED, actor=actor, data=data)
    touch_case(locked, fields=["assignee"])
    return locked


def lock_case(case: Case) -> Case:
    """Re-read ``case`` locked for this transaction (writers queue up behind each other)."""
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def do_change_stage(
    actor: Any, case: Case, *, target: str, note: str = "", approval_reason: str = ""
) -> Case:
    """Move ``case`` to stage ``target`` if the method allows it now.

    ``approval_reason`` is the supervisor's written reason when the move approves
    special handling (§9.1)."""
    locked = lock_case(case)
    if locked.closed_at is not None:
        raise ActionError("この案件は完了しています。")
    problems = workflow.move_problems(
        locked, target=target, actor=actor, approval_reason=approval_reason
    )
    if problems:
        raise ActionError(" ".join(problems))
    source = locked.stage
    locked.stage = target
    fields = ["stage"]
    if workflow.is_closing(target):
        locked.closed_at = timezone.now()
        fields.append("closed_at")
    append_event(
        locked,
        kind=EventKind.STAGE_CHANGED,
        actor=actor,
        data={"from": source, "to": target, "note": note, "approval_reason": approval_reason},
    )
    touch_case(locked, fields=fields)
    events.announce(events.StageChanged(actor, locked, source=source, target=target))
    return locked


@transaction.atomic
def do_set_priority(actor: Any, case: Case, *, priority: int) -> Case:
    """Give ``case`` the priority ``priority`` (1–4); the inbox order follows."""
    if priority not in Priority.values:
        raise ActionError("優先度は「低・普通・高・緊急」から選んでください。")
    locked = lock_case(case)
    if locked.closed_at is not None:
        raise ActionError("この案件は完了しています。")
    if locked.priority == priority:
        return locked
    append_event(
        locked,
        kind=EventKind.PRIORITY_CHANGED,
        actor=actor,
        data={"from": locked.priority, "to": priority},
    )
    locked.priority = priority
    touch_case(locked, fields=["priority"])
    return locked
