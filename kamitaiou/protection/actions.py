"""The only way the protection records change: ``do_<verb>_<noun>`` actions.

Each action locks the case, writes its rows, and appends an ``incident`` event to the
case's hash-chained record (``data["action"]`` says what happened) that seals the row it
wrote (``seals=[row]``, decision 0022; the rows are registered in ``apps.register_records``),
so every write to an incident record is on the chain and one made elsewhere is reported.
Business rules come from ``kamitaiou.method.protection``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases.actions import ActionError, lock_case, touch_case
from kamitaiou.cases.models import Case, EventKind, HarassmentIncident, Interaction
from kamitaiou.cases.record import append_event
from kamitaiou.method.protection import categories as cat
from kamitaiou.method.protection import procedure as proc
from kamitaiou.method.protection import restrictions as res
from kamitaiou.protection.access import is_supervisor_of
from kamitaiou.protection.models import (
    Evidence,
    Incident,
    ResponseStep,
    Restriction,
    Status,
)

SUMMARY = {
    "opened": "カスハラ記録 #{pk} を作成（下書き）",
    "updated": "カスハラ記録 #{pk} を更新",
    "confirmed": "カスハラ記録 #{pk} を確定：{verdict}",
    "evidence": "カスハラ記録 #{pk} に証拠を追加（記録 #{seq}）",
    "step": "カスハラ記録 #{pk}：{step}",
    "restricted": "対応制限を決定：{kinds}（見直し {review}）",
    "lifted": "対応制限を解除：{kinds}",
}


def _append(
    case: Case, actor: Any, action: str, incident: Incident, *, seal: Any, **data: Any
) -> None:
    """Append the ``incident`` event of ``action``; it seals ``seal``, the row it wrote
    (decision 0022: ``verify-records`` finds the row changed any other way)."""
    line = SUMMARY[action].format(pk=incident.pk, **data)
    append_event(
        case,
        kind=EventKind.INCIDENT,
        actor=actor,
        data={"action": f"protection.{action}", "record": incident.pk, "summary": line, **data},
        seals=[seal],
    )


def _lock(incident: Incident) -> tuple[Case, Incident]:
    case = lock_case(incident.case)
    return case, Incident.objects.select_for_update().get(pk=incident.pk)


def open_draft(
    actor: Any,
    case: Case,
    *,
    categories: list[str],
    targeted: Any,
    occurred_at: datetime,
    channel: str,
    detection: HarassmentIncident | None = None,
    evidence: Interaction | None = None,
) -> Incident:
    """Open a draft on ``case`` (already locked; the caller saves it)."""
    incident = Incident.objects.create(
        case=case,
        detection=detection,
        categories=[c.value for c in cat.ordered(categories)],
        targeted=targeted,
        occurred_at=occurred_at,
        channel=channel,
        created_by=actor,
        threat_to_life=False,
    )
    _append(case, actor, "opened", incident, seal=incident, categories=incident.categories)
    if evidence is not None:
        _evidence(case, actor, incident, interaction=evidence, quote=evidence.text)
    return incident


def on_harassment_recorded(event: Any) -> None:
    """Subscriber of ``cases.events.HarassmentRecorded``: the detection becomes a draft
    record a person confirms and completes (analyzer labels pre-fill the conduct)."""
    detection = event.incident
    interaction = detection.interaction
    draft = event.case.protection_incidents.filter(status=Status.DRAFT).order_by("-pk").first()
    if draft is not None:
        # one draft per case at a time: a further detection adds its conduct and words
        _add_to_draft(event.case, event.actor, draft, detection=detection)
        return
    channel = interaction.channel if interaction is not None else (event.case.channel or "phone")
    open_draft(
        event.actor,
        event.case,
        categories=list(cat.categories_from_labels(detection.labels)),
        targeted=detection.staff,
        occurred_at=detection.occurred_at,
        channel=channel,
        detection=detection,
        evidence=interaction,
    )


def _add_to_draft(
    case: Case, actor: Any, draft: Incident, *, detection: HarassmentIncident
) -> None:
    found = cat.categories_from_labels(detection.labels)
    merged = [c.value for c in cat.ordered([*draft.categories, *found])]
    if merged != draft.categories:
        draft.categories = merged
        draft.updated_at = timezone.now()
        draft.save(update_fields=["categories", "updated_at"])
        _append(case, actor, "updated", draft, seal=draft, fields=["categories"])
    interaction = detection.interaction
    if interaction is not None and not draft.evidence.filter(interaction=interaction).exists():
        _evidence(case, actor, draft, interaction=interaction, quote=interaction.text)


@transaction.atomic
def do_open_incident(
    actor: Any, case: Case, *, targeted: Any, occurred_at: datetime, channel: str
) -> Incident:
    """A person opens an incident record by hand (no detection behind it)."""
    locked = lock_case(case)
    incident = open_draft(
        actor, locked, categories=[], targeted=targeted, occurred_at=occurred_at, channel=channel
    )
    touch_case(locked, fields=[])
    return incident


@dataclass(frozen=True, kw_only=True)
class IncidentData:
    """What the incident form edits."""

    categories: list[str]
    demand: str
    demand_note: str
    manner: str
    manner_note: str
    threat_to_life: bool
    targeted: Any
    alone: bool | None
    others_present: str
    occurred_at: datetime
    duration_minutes: int | None
    channel: str
    summary: str
    police: str
    lawyer: str
    referral_note: str


def confirmation_problems(data: IncidentData) -> list[str]:
    """Why ``data`` cannot be confirmed yet (the form shows these as its errors)."""
    problems = []
    if not data.demand or not data.manner:
        problems.append("確定するには、要求の妥当性と態様の相当性の両方を判断してください。")
    if data.alone is None:
        problems.append("確定するには、一人で対応していたかどうかを記録してください。")
    if not data.summary.strip():
        problems.append("確定するには、経緯を書いてください。")
    if data.demand and data.manner:
        problems.extend(
            cat.judgement_problems(
                cat.Demand(data.demand), cat.Manner(data.manner), data.categories
            )
        )
    return problems


@transaction.atomic
def do_save_incident(
    actor: Any, incident: Incident, *, data: IncidentData, confirm: bool = False
) -> Incident:
    """Save the form's fields; with ``confirm`` also decide the verdict and confirm."""
    case, locked = _lock(incident)
    # a confirmed record stays consistent when it is corrected
    if confirm or not locked.is_draft:
        problems = confirmation_problems(data)
        if problems:
            raise ActionError(" ".join(problems))
    changed = []
    for field in fields(IncidentData):
        value = getattr(data, field.name)
        if field.name == "categories":
            value = [c.value for c in cat.ordered(value)]
        attr = "targeted_id" if field.name == "targeted" else field.name
        new = value.pk if field.name == "targeted" else value
        if getattr(locked, attr) != new:
            changed.append(field.name)
            setattr(locked, field.name, value)
    locked.updated_at = timezone.now()
    if (confirm or not locked.is_draft) and locked.demand and locked.manner:
        verdict = cat.verdict(
            cat.Demand(locked.demand), cat.Manner(locked.manner), locked.categories
        ).value
        if verdict != locked.verdict:
            changed.append("verdict")  # the record says so: the row is sealed with it
            locked.verdict = verdict
    locked.save()
    if confirm and locked.is_draft:
        locked.status = Status.CONFIRMED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        verdict = str(cat.VERDICT_JA[cat.Verdict(locked.verdict)])
        _append(
            case,
            actor,
            "confirmed",
            locked,
            seal=locked,
            verdict=verdict,
            categories=locked.categories,
        )
    elif changed:
        _append(case, actor, "updated", locked, seal=locked, fields=changed)
    touch_case(case, fields=[])
    return locked


def _evidence(
    case: Case, actor: Any, incident: Incident, *, interaction: Interaction, quote: str
) -> Evidence:
    if interaction.case_id != case.pk:
        raise ActionError("証拠にできるのは、この案件の記録だけです。")
    quote = quote.strip() or interaction.text
    if quote not in interaction.text:
        raise ActionError("証拠の言葉は、記録の本文から一字一句そのまま引用してください。")
    if incident.evidence.filter(interaction=interaction).exists():
        raise ActionError("この記録はすでに証拠として追加されています。")
    evidence = Evidence.objects.create(
        incident=incident, interaction=interaction, quote=quote, added_by=actor
    )
    seq = interaction.event.seq
    _append(case, actor, "evidence", incident, seal=evidence, seq=seq, interaction=interaction.pk)
    return evidence


@transaction.atomic
def do_add_evidence(
    actor: Any, incident: Incident, *, interaction: Interaction, quote: str
) -> Evidence:
    """Link the customer's verbatim words from one interaction of the case."""
    case, locked = _lock(incident)
    evidence = _evidence(case, actor, locked, interaction=interaction, quote=quote)
    touch_case(case, fields=[])
    return evidence


def _verdict(incident: Incident) -> cat.Verdict | None:
    if incident.is_draft or not incident.verdict:
        return None
    return cat.Verdict(incident.verdict)


def step_offers(incident: Incident, *, user: Any) -> tuple[proc.StepOffer, ...]:
    """The procedure's steps for ``incident`` as ``user`` may take them now."""
    return proc.step_offers(
        done={s.step for s in incident.steps.all()},
        immediate=incident.immediate,
        verdict=_verdict(incident),
        by_supervisor=is_supervisor_of(user, incident.case.team_id),
    )


def _take_step(
    case: Case, actor: Any, incident: Incident, *, step: proc.Step, at: datetime, **rest: str
) -> ResponseStep:
    problem = proc.step_problem(
        step,
        done=set(incident.steps.values_list("step", flat=True)),
        immediate=incident.immediate,
        verdict=_verdict(incident),
        by_supervisor=is_supervisor_of(actor, case.team_id),
    )
    if problem is not None:
        raise ActionError(problem)
    if at > timezone.now():
        raise ActionError("未来の日時は記録できません。")
    row = ResponseStep.objects.create(incident=incident, step=step.value, by=actor, at=at, **rest)
    _append(case, actor, "step", incident, seal=row, step=proc.STEP_JA[step], at=at.isoformat())
    return row


@transaction.atomic
def do_record_step(
    actor: Any, incident: Incident, *, step: str, at: datetime, wording: str = "", note: str = ""
) -> ResponseStep:
    """Record one step of the response procedure (warn, end, hand over) if its guard allows."""
    if step not in {s.value for s in proc.Step} or step == proc.Step.DECIDE_RESTRICTION:
        raise ActionError("この手順は記録できません。")
    case, locked = _lock(incident)
    row = _take_step(case, actor, locked, step=proc.Step(step), at=at, wording=wording, note=note)
    touch_case(case, fields=[])
    return row


@transaction.atomic
def do_decide_restriction(
    actor: Any, incident: Incident, *, kinds: list[str], reason: str, review_on: date | None
) -> Restriction:
    """A supervisor restricts service to the incident's customer (the procedure's last step)."""
    case, locked = _lock(incident)
    problems = res.decision_problems(
        kinds, reason=reason, review_on=review_on, today=timezone.localdate()
    )
    if problems:
        raise ActionError(" ".join(problems))
    assert review_on is not None  # checked above
    _take_step(
        case, actor, locked, step=proc.Step.DECIDE_RESTRICTION, at=timezone.now(), note=reason
    )
    restriction = Restriction.objects.create(
        customer=case.customer,
        incident=locked,
        kinds=[k.value for k in res.ordered(kinds)],
        reason=reason.strip(),
        review_on=review_on,
        decided_by=actor,
    )
    _append(
        case,
        actor,
        "restricted",
        locked,
        seal=restriction,
        kinds=restriction.kinds_ja,
        review=review_on.isoformat(),
        restriction=restriction.pk,
    )
    touch_case(case, fields=[])
    return restriction


@transaction.atomic
def do_lift_restriction(actor: Any, restriction: Restriction, *, reason: str) -> Restriction:
    """A supervisor lifts a restriction with a reason; the row stays as history."""
    if not is_supervisor_of(actor, restriction.customer.team_id):
        raise ActionError("対応制限を解除できるのは上長（SV）または管理者です。")
    problems = res.lift_problems(reason)
    if problems:
        raise ActionError(" ".join(problems))
    case = lock_case(restriction.incident.case) if restriction.incident else None
    locked = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if locked.lifted_at is not None:
        raise ActionError("この対応制限はすでに解除されています。")
    locked.lifted_at = timezone.now()
    locked.lifted_by = actor
    locked.lift_reason = reason.strip()
    locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    if case is not None and locked.incident is not None:
        _append(
            case,
            actor,
            "lifted",
            locked.incident,
            seal=locked,
            kinds=locked.kinds_ja,
            restriction=locked.pk,
        )
        touch_case(case, fields=[])
    return locked
