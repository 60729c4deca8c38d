"""Protecting the case and the staff (METHOD.md §9.5, §12): escalation of legal threats
and damages claims to a supervisor with a handover summary, and harassment incidents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.accounts.models import Role
from kamitaiou.cases import events, reading
from kamitaiou.cases.actions import ActionError, lock_case, touch_case
from kamitaiou.cases.models import Case, Escalation, EventKind, HarassmentIncident, Interaction
from kamitaiou.cases.record import append_event
from kamitaiou.method import escalation as esc
from kamitaiou.method.harassment import HARASSMENT_LABELS


def react_to_reading(actor: Any, case: Case, interaction: Interaction) -> None:
    """What the method does when the analyzer reads an inbound message (§9.5, §12):
    a legal threat or damages claim goes to a supervisor; harassment is recorded."""
    analysis = getattr(interaction, "analysis", None)
    if analysis is None:
        return
    labels = set(analysis.labels)
    evidence = [(reading.label_ja(s["label"]), s["text"]) for s in analysis.signals]
    if esc.needs_escalation(labels):
        do_escalate_case(
            actor, case, reason="法的手段の示唆・損害賠償の請求を自動検知", demands=evidence
        )
    harassment = sorted(labels & set(HARASSMENT_LABELS))
    if harassment:
        do_record_incident(
            actor,
            case,
            labels=harassment,
            what_was_said=interaction.text,
            staff=interaction.author,
            occurred_at=interaction.occurred_at,
            interaction=interaction,
            detected=True,
        )


def _timeline(case: Case) -> list[tuple[datetime, str, str, str]]:
    rows = case.interactions.order_by("-occurred_at").values_list(
        "occurred_at", "direction", "channel", "text"
    )[:50]
    direction = {"in": "inbound", "out": "outbound", "internal": "internal"}
    return [(timezone.localtime(at), direction[d], ch, text) for at, d, ch, text in rows]


def handover_text(case: Case, *, demands: list[tuple[str, str]] | None = None) -> str:
    """The supervisor's handover summary for ``case`` (§9.5)."""
    risks = [
        f"{esc.ESCALATION_LABELS_JA[label]}の可能性"
        for label in esc.ESCALATION_LABELS
        if label in (case.labels or [])
    ]
    if case.due_at:
        risks.append(f"期限 {timezone.localtime(case.due_at):%m/%d %H:%M}")
    return esc.handover_summary(
        _timeline(case),
        demands=demands or [],
        open_risks=risks,
        labels=case.labels or [],
        title=f"#{case.pk} {case.title}",
    )


@transaction.atomic
def do_escalate_case(
    actor: Any, case: Case, *, reason: str, demands: list[tuple[str, str]] | None = None
) -> Escalation:
    """§9.5: hand the case to a supervisor with a generated summary (once while open)."""
    locked = lock_case(case)
    existing = locked.escalations.filter(accepted_at__isnull=True).first()
    if existing is not None:
        return existing
    escalation = Escalation.objects.create(
        case=locked,
        reason=reason,
        labels=[label for label in esc.ESCALATION_LABELS if label in (locked.labels or [])],
        summary=handover_text(locked, demands=demands),
        raised_by=actor,
    )
    locked.threat = True
    append_event(
        locked,
        kind=EventKind.ESCALATED,
        actor=actor,
        data={"escalation": escalation.pk, "reason": reason},
        seals=[escalation],
    )
    touch_case(locked, fields=["threat"])
    return escalation


@transaction.atomic
def do_accept_escalation(actor: Any, escalation: Escalation) -> Escalation:
    """A supervisor takes over an escalated case."""
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise ActionError("エスカレーションを引き受けられるのは上長（SV）または管理者です。")
    locked_case = lock_case(escalation.case)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.accepted_at is not None:
        raise ActionError("このエスカレーションはすでに引き受けられています。")
    escalation.accepted_by = actor
    escalation.accepted_at = timezone.now()
    escalation.save(update_fields=["accepted_by", "accepted_at"])
    previous = locked_case.assignee_id
    locked_case.assignee = actor
    append_event(
        locked_case,
        kind=EventKind.ESCALATION_ACCEPTED,
        actor=actor,
        data={"escalation": escalation.pk, "from": previous, "to": actor.pk, "to_name": str(actor)},
        seals=[escalation],
    )
    touch_case(locked_case, fields=["assignee"])
    return escalation


@transaction.atomic
def do_record_incident(
    actor: Any,
    case: Case,
    *,
    labels: list[str],
    what_was_said: str,
    staff: Any,
    occurred_at: datetime,
    care_offered: str = "",
    interaction: Interaction | None = None,
    detected: bool = False,
) -> HarassmentIncident:
    """§12: record a customer-harassment incident and the care offered to the staff."""
    locked = lock_case(case)
    incident = HarassmentIncident.objects.create(
        case=locked,
        interaction=interaction,
        labels=sorted(set(labels)),
        what_was_said=what_was_said,
        occurred_at=occurred_at,
        staff=staff,
        care_offered=care_offered,
        recorded_by=actor,
    )
    append_event(
        locked,
        kind=EventKind.INCIDENT,
        actor=actor,
        data={"incident": incident.pk, "labels": incident.labels, "staff": staff.pk},
        seals=[incident],
    )
    events.announce(events.HarassmentRecorded(actor, locked, incident=incident, detected=detected))
    touch_case(locked, fields=[])
    return incident
