"""Adapter between the cases app and the pure method core (``kamitaiou.method``).

The method owns the stages and the transition table with its guards; this module turns
a stored case into the plain ``CaseFacts`` the method reads.
"""

from __future__ import annotations

from typing import Any

from kamitaiou.cases import labels
from kamitaiou.cases.reading import illegal_evidence
from kamitaiou.method.assessment import AssessmentDecision
from kamitaiou.method.facts import (
    Attribution,
    CaseFacts,
    Role,
    ScopeAnswer,
    ScopeQuestion,
    SupervisorApproval,
)
from kamitaiou.method.outcome import Ending, Impact, Outcome
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.method.stages import initial_stage as method_initial_stage
from kamitaiou.method.transitions import (
    TransitionError,
    TransitionOption,
    allowed_transitions,
    check_transition,
)

#: Facts recorded one by one (``do_record_fact``): name → (type, Japanese label).
FACTS: dict[str, tuple[type, str]] = {
    "customer_calm": (bool, "お客様が落ち着いてお話しできる状態になった"),
    "fault_assessed": (bool, "当社に非があるか"),
    "customer_consent": (bool, "提案内容へのお客様の同意"),
    "verification_improved": (bool, "検証の結果、状況は改善したか"),
    "explanation": (str, "お客様へのご説明"),
    "customer_benefit": (bool, "本当にこの対応はお客様のためになるか?"),
    "visit_confirmed": (bool, "訪問日時をお客様に電話で確認した"),
    "satisfaction": (int, "満足度（1〜5）"),
    "referral_persona": (str, "紹介をお願いする具体的な人物像"),
}


def initial_stage(kind: str) -> str:
    """The stage a new case of ``kind`` starts in."""
    return method_initial_stage(CaseKind(kind)).value


def stage_label(kind: str, stage: str) -> str:
    """The name of ``stage`` in the active language (see ``labels``)."""
    return labels.stage_label(stage)


def all_stages() -> list[tuple[str, str]]:
    """Every stage identifier with its name, for filters."""
    return [(stage.value, labels.stage_label(stage)) for stage in Stage]


def is_closing(stage: str) -> bool:
    """Whether reaching ``stage`` closes the case."""
    return Stage(stage).is_terminal


def _outcome(case: Any) -> Outcome | None:
    record = case.outcomes.order_by("-recorded_at", "-pk").first()
    if record is None:
        return None
    return Outcome(
        ending=Ending(record.ending),
        impacts=frozenset(Impact(i) for i in record.impacts),
        trust_before=record.trust_before,
        trust_after=record.trust_after,
        referrals=record.referrals,
        new_contracts=record.new_contracts,
    )


def _scope(case: Any) -> tuple[ScopeAnswer, ...]:
    latest: dict[str, Any] = {}
    for record in case.scope_answers.order_by("answered_at", "pk"):
        latest[record.question] = record
    return tuple(
        ScopeAnswer(
            question=ScopeQuestion(r.question),
            answer=r.answer,
            attribution=Attribution(r.attribution),
        )
        for r in latest.values()
    )


def _illegal_evidence(case: Any) -> tuple[tuple[str, str], ...]:
    return tuple((label, text) for label, texts in illegal_evidence(case).items() for text in texts)


def facts_for(case: Any, *, actor: Any, approval_reason: str = "") -> CaseFacts:
    """What the method needs to know about ``case`` to judge a move by ``actor``."""
    stored = case.facts or {}
    assessment = case.assessments.order_by("-decided_at", "-pk").first()
    role = Role(actor.role)
    return CaseFacts(
        actor_role=role,
        labels=frozenset(case.labels or ()),
        policy_matches=tuple(stored.get("policy_matches", ())),
        illegal_evidence=_illegal_evidence(case),
        escalated=case.escalations.filter(accepted_at__isnull=False).exists(),
        customer_calm=bool(stored.get("customer_calm")),
        fault_assessed=stored.get("fault_assessed"),
        customer_consent_recorded=bool(stored.get("customer_consent")),
        has_verification_entry="verification_improved" in stored,
        verification_improved=stored.get("verification_improved"),
        explanation_to_customer=stored.get("explanation", ""),
        assessment_decision=AssessmentDecision(assessment.decision) if assessment else None,
        scope_answers=_scope(case),
        progress_reports_sent=int(stored.get("progress_reports", 0)),
        customer_benefit_confirmed=stored.get("customer_benefit"),
        supervisor_approval=(
            SupervisorApproval(approver_role=role, reason=approval_reason)
            if approval_reason.strip()
            else None
        ),
        visit_confirmed_with_customer=bool(stored.get("visit_confirmed")),
        satisfaction_score=stored.get("satisfaction"),
        referral_persona=stored.get("referral_persona", ""),
        outcome=_outcome(case),
    )


def moves_for(case: Any, *, actor: Any) -> list[TransitionOption]:
    """Every move out of the case's stage, allowed or not (with the reasons)."""
    if Stage(case.stage).is_terminal:
        return []
    return allowed_transitions(CaseKind(case.kind), Stage(case.stage), facts_for(case, actor=actor))


def move_problems(case: Any, *, target: str, actor: Any, approval_reason: str = "") -> list[str]:
    """Why ``case`` cannot move to ``target`` now (empty when it can)."""
    try:
        check_transition(
            CaseKind(case.kind),
            Stage(case.stage),
            Stage(target),
            facts_for(case, actor=actor, approval_reason=approval_reason),
        )
    except TransitionError as exc:
        return list(exc.reasons)
    except ValueError:
        return [f"「{target}」という段階はありません。"]
    return []
