"""Actions of the method (METHOD.md §3–§12): each atomic, checked, and on the record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases import escalation_hold, events, workflow
from kamitaiou.cases.actions import ActionError, add_interaction, lock_case, touch_case
from kamitaiou.cases.models import (
    Case,
    DemandAssessment,
    EventKind,
    Interaction,
    OutcomeRecord,
    ScopeAnswerRecord,
    Visit,
)
from kamitaiou.cases.record import append_event
from kamitaiou.method.assessment import Assessment, AssessmentDecision, assess
from kamitaiou.method.facts import Attribution, ScopeQuestion
from kamitaiou.method.kind_change import change_kind
from kamitaiou.method.outcome import Outcome, validate_outcome
from kamitaiou.method.person_time_place import (
    validate_reassign,
    validate_time_out,
    validate_visit,
)
from kamitaiou.method.referral import persona_problem
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.method.transitions import TransitionError


def _open(case: Case) -> Case:
    locked = lock_case(case)
    if locked.closed_at is not None:
        raise ActionError("この案件は完了しています。")
    return locked


@transaction.atomic
def do_record_fact(actor: Any, case: Case, *, fact: str, value: Any, note: str = "") -> Case:
    """Record one of the method's facts (``workflow.FACTS``) on ``case``."""
    if fact not in workflow.FACTS:
        raise ActionError("記録できない項目です。")
    kind, _label = workflow.FACTS[fact]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise ActionError("値が正しくありません。")
    if fact == "satisfaction" and not 1 <= value <= 5:
        raise ActionError("満足度は1〜5で入力してください。")
    if fact == "referral_persona" and (problem := persona_problem(value)):
        raise ActionError(problem)
    locked = _open(case)
    locked.facts = {**locked.facts, fact: value}
    append_event(
        locked,
        kind=EventKind.FACT_RECORDED,
        actor=actor,
        data={"fact": fact, "value": value, "note": note},
    )
    touch_case(locked, fields=["facts"])
    events.announce(events.FactRecorded(actor, locked, fact=fact, value=value, note=note))
    return locked


@transaction.atomic
def do_record_progress_report(actor: Any, case: Case, *, text: str, channel: str) -> Interaction:
    """§5.4: send (record) a progress report to the customer; counts toward the cadence."""
    locked = _open(case)
    interaction = add_interaction(
        locked, actor=actor, direction="out", channel=channel, text=text, occurred_at=timezone.now()
    )
    count = int(locked.facts.get("progress_reports", 0)) + 1
    locked.facts = {**locked.facts, "progress_reports": count}
    append_event(
        locked,
        kind=EventKind.FACT_RECORDED,
        actor=actor,
        data={"fact": "progress_reports", "value": count, "note": ""},
    )
    touch_case(locked, fields=["facts", "first_response_at"])
    events.announce(events.ProgressReportRecorded(actor, locked, at=interaction.occurred_at))
    return interaction


@transaction.atomic
def do_assess_demand(
    actor: Any, case: Case, *, assessment: Assessment, decision: str
) -> DemandAssessment:
    """§5.2: record the estimate, the system's recommendation and the decision taken."""
    locked = _open(case)
    if locked.kind != CaseKind.UNREASONABLE_DEMAND:
        raise ActionError("比較検討は無理難題の案件で行います。")
    try:
        recommendation = assess(assessment)
        decided = AssessmentDecision(decision)
    except ValueError as exc:
        raise ActionError(str(exc)) from None
    record = DemandAssessment.objects.create(
        case=locked,
        success_probability=assessment.success_probability,
        risk_cost_yen=assessment.risk.cost_yen,
        risk_liability=assessment.risk.liability,
        risk_relationship=assessment.risk.relationship_damage,
        risk_note=assessment.risk.note,
        benefit_trust=assessment.benefit.trust_gain,
        benefit_new_business_yen=assessment.benefit.new_business_yen,
        benefit_referrals=assessment.benefit.referrals_expected,
        benefit_note=assessment.benefit.note,
        expected_value_yen=recommendation.expected_value_yen,
        recommendation=recommendation.decision,
        recommendation_reason=recommendation.reason_ja,
        decline_early=recommendation.decline_early,
        decision=decided,
        decided_by=actor,
    )
    append_event(
        locked,
        kind=EventKind.ASSESSED,
        actor=actor,
        data={
            "probability": assessment.success_probability,
            "expected_value_yen": recommendation.expected_value_yen,
            "recommendation": recommendation.decision.value,
            "decision": decided.value,
        },
        seals=[record],
    )
    touch_case(locked, fields=[])
    return record


@transaction.atomic
def do_answer_scope(actor: Any, case: Case, *, answers: list[tuple[str, str, str]]) -> Case:
    """§5.3: answer the scope-of-responsibility questions, each attributed."""
    locked = _open(case)
    records = []
    for question, answer, attribution in answers:
        if not answer.strip():
            continue
        record = ScopeAnswerRecord.objects.create(
            case=locked,
            question=ScopeQuestion(question),
            answer=answer.strip(),
            attribution=Attribution(attribution),
            answered_by=actor,
        )
        records.append(record)
    append_event(
        locked,
        kind=EventKind.SCOPE_FIXED,
        actor=actor,
        data={
            "answers": [
                {"question": q, "attribution": a, "answer": t} for q, t, a in answers if t.strip()
            ]
        },
        seals=records,
    )
    touch_case(locked, fields=[])
    return locked


@transaction.atomic
def do_reassign_case(
    actor: Any, case: Case, *, assignee: Any, reason: str, handover_note: str
) -> Case:
    """§9.4 change the person: reassign with a reason and a handover note."""
    locked = _open(case)
    errors = validate_reassign(
        locked.assignee_id, new_assignee=assignee.pk, reason=reason, handover_note=handover_note
    )
    if not assignee.is_active or not assignee.teams.filter(pk=locked.team_id).exists():
        errors.append("担当者はこの案件のチームのメンバーである必要があります。")
    held = escalation_hold.held_by(locked)
    if problem := escalation_hold.reassign_problem(actor, holder=held, reason=reason):
        errors.append(problem)
    if errors:
        raise ActionError(" ".join(errors))
    previous = locked.assignee_id
    locked.assignee = assignee
    append_event(
        locked,
        kind=EventKind.REASSIGNED,
        actor=actor,
        data={
            "from": previous,
            "to": assignee.pk,
            "to_name": str(assignee),
            "reason": reason,
            "handover_note": handover_note,
            **({"escalation_held_by": held.pk} if held is not None else {}),
        },
    )
    touch_case(locked, fields=["assignee"])
    return locked


@transaction.atomic
def do_time_out(actor: Any, case: Case, *, until: datetime, reason: str, note: str = "") -> Case:
    """§9.4 take time: pause the case until ``until`` (a reminder will bring it back)."""
    locked = _open(case)
    errors = validate_time_out(until, now=timezone.now(), reason=reason, note=note)
    if errors:
        raise ActionError(" ".join(errors))
    locked.paused_until = until
    append_event(
        locked,
        kind=EventKind.TIME_OUT,
        actor=actor,
        data={"until": until.isoformat(), "reason": reason, "note": note},
    )
    touch_case(locked, fields=["paused_until"])
    events.announce(events.TimeOutTaken(actor, locked, until=until, reason=reason))
    return locked


@transaction.atomic
def do_plan_visit(
    actor: Any, case: Case, *, planned_at: datetime, confirmed: bool, note: str = ""
) -> Visit:
    """§9.4 change the place: a visit, its date fixed with the customer first."""
    locked = _open(case)
    errors = validate_visit(planned_at, now=timezone.now(), confirmed_with_customer=confirmed)
    if errors:
        raise ActionError(" ".join(errors))
    visit = Visit.objects.create(
        case=locked,
        planned_at=planned_at,
        confirmed_with_customer=confirmed,
        note=note,
        planned_by=actor,
    )
    locked.facts = {**locked.facts, "visit_confirmed": True}
    append_event(
        locked,
        kind=EventKind.VISIT_PLANNED,
        actor=actor,
        data={"visit": visit.pk, "planned_at": planned_at.isoformat(), "note": note},
        seals=[visit],
    )
    touch_case(locked, fields=["facts"])
    events.announce(events.VisitPlanned(actor, locked, visit=visit))
    return visit


@transaction.atomic
def do_record_outcome(actor: Any, case: Case, *, outcome: Outcome) -> OutcomeRecord:
    """§11: record how the case ended (required before closing)."""
    locked = lock_case(case)
    errors = validate_outcome(outcome)
    if errors:
        raise ActionError(" ".join(errors))
    record = OutcomeRecord.objects.create(
        case=locked,
        ending=outcome.ending,
        impacts=sorted(outcome.impacts),
        trust_before=outcome.trust_before,
        trust_after=outcome.trust_after,
        referrals=outcome.referrals,
        new_contracts=outcome.new_contracts,
        recorded_by=actor,
    )
    append_event(
        locked,
        kind=EventKind.OUTCOME,
        actor=actor,
        data={
            "ending": outcome.ending.value,
            "impacts": sorted(outcome.impacts),
            "trust_before": outcome.trust_before,
            "trust_after": outcome.trust_after,
            "referrals": outcome.referrals,
            "new_contracts": outcome.new_contracts,
        },
        seals=[record],
    )
    touch_case(locked, fields=[])
    return record


@transaction.atomic
def do_change_kind(actor: Any, case: Case, *, to: str, reason: str) -> Case:
    """§2: a case may change kind (an unreasonable demand badly handled → complaint)."""
    locked = _open(case)
    try:
        stage = change_kind(
            CaseKind(locked.kind), Stage(locked.stage), to=CaseKind(to), reason=reason
        )
    except TransitionError as exc:
        raise ActionError(" ".join(exc.reasons)) from None
    source_kind, source_stage = locked.kind, locked.stage
    locked.kind, locked.stage = to, stage.value
    append_event(
        locked,
        kind=EventKind.KIND_CHANGED,
        actor=actor,
        data={
            "from": source_kind,
            "to": to,
            "from_stage": source_stage,
            "to_stage": stage.value,
            "reason": reason,
        },
    )
    touch_case(locked, fields=["kind", "stage"])
    return locked


@transaction.atomic
def do_set_background(actor: Any, case: Case, *, text: str) -> Case:
    """§3: record why the demand came (the customer's mistake, timing, reliance)."""
    locked = lock_case(case)
    locked.background = text.strip()
    append_event(locked, kind=EventKind.BACKGROUND, actor=actor, data={"text": locked.background})
    touch_case(locked, fields=["background"])
    return locked
