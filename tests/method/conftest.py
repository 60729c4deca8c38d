"""Builders shared by the method-core tests: facts that satisfy or violate each guard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from kamitaiou.method import guards as g
from kamitaiou.method.assessment import AssessmentDecision
from kamitaiou.method.facts import (
    Attribution,
    CaseFacts,
    Role,
    ScopeAnswer,
    ScopeQuestion,
    SupervisorApproval,
)
from kamitaiou.method.guards import Guard
from kamitaiou.method.outcome import Ending, Outcome
from kamitaiou.method.transitions import Transition

GOOD_OUTCOME = Outcome(ending=Ending.RELATIONSHIP_CONTINUES, trust_before=3, trust_after=3)

FULL_SCOPE = (
    ScopeAnswer(
        question=ScopeQuestion.CURRENT_TROUBLE,
        answer="お客様の発注漏れ",
        attribution=Attribution.CUSTOMER,
    ),
    ScopeAnswer(
        question=ScopeQuestion.SHORTFALL,
        answer="運送会社の遅延",
        attribution=Attribution.THIRD_PARTY,
    ),
    ScopeAnswer(
        question=ScopeQuestion.INCIDENTAL,
        answer="特急製作による品質のばらつき",
        attribution=Attribution.US,
    ),
)

#: facts overrides that make each guard pass
SATISFY: dict[Guard, dict[str, Any]] = {
    g.customer_calm: {"customer_calm": True},
    g.fault_assessed_yes: {"fault_assessed": True},
    g.fault_assessed_no: {"fault_assessed": False},
    g.customer_consent: {"customer_consent_recorded": True},
    g.verification_improved: {"has_verification_entry": True, "verification_improved": True},
    g.verification_not_improved: {
        "has_verification_entry": True,
        "verification_improved": False,
    },
    g.explanation_recorded: {"explanation_to_customer": "納期の短縮はできない旨をご説明した"},
    g.assessment_accept: {"assessment_decision": AssessmentDecision.ACCEPT},
    g.assessment_decline: {"assessment_decision": AssessmentDecision.DECLINE},
    g.scope_answered: {"scope_answers": FULL_SCOPE},
    g.progress_reported: {"progress_reports_sent": 2},
    g.customer_benefit: {"customer_benefit_confirmed": True},
    g.actor_is_approver: {"actor_role": Role.SUPERVISOR},
    g.approval_reason: {
        "supervisor_approval": SupervisorApproval(
            approver_role=Role.SUPERVISOR, reason="長年のお取引と、再発防止策の一環として"
        )
    },
    g.not_forbidden: {},
    g.visit_confirmed: {"visit_confirmed_with_customer": True},
    g.satisfaction_recorded: {"satisfaction_score": 2},
    g.satisfied: {"satisfaction_score": 4},
    g.referral_persona: {"referral_persona": "目の疲れでお悩みの方"},
    g.outcome_recorded: {"outcome": GOOD_OUTCOME},
    g.no_pending_escalation: {},
}

#: facts overrides (applied after SATISFY) that make each guard fail
VIOLATE: dict[Guard, dict[str, Any]] = {
    g.customer_calm: {"customer_calm": False},
    g.fault_assessed_yes: {"fault_assessed": None},
    g.fault_assessed_no: {"fault_assessed": True},
    g.customer_consent: {"customer_consent_recorded": False},
    g.verification_improved: {"verification_improved": False},
    g.verification_not_improved: {"verification_improved": True},
    g.explanation_recorded: {"explanation_to_customer": "   "},
    g.assessment_accept: {"assessment_decision": None},
    g.assessment_decline: {"assessment_decision": AssessmentDecision.ACCEPT},
    g.scope_answered: {"scope_answers": FULL_SCOPE[:2]},
    g.progress_reported: {"progress_reports_sent": 0},
    g.customer_benefit: {"customer_benefit_confirmed": False},
    g.actor_is_approver: {"actor_role": Role.OPERATOR},
    g.approval_reason: {"supervisor_approval": None},
    g.not_forbidden: {"labels": frozenset({"tax_evasion"})},
    g.visit_confirmed: {"visit_confirmed_with_customer": False},
    g.satisfaction_recorded: {"satisfaction_score": None},
    g.satisfied: {"satisfaction_score": 3},
    g.referral_persona: {"referral_persona": ""},
    g.outcome_recorded: {"outcome": None},
    g.no_pending_escalation: {"labels": frozenset({"legal_threat"}), "escalated": False},
}


def facts_satisfying(transition: Transition, **overrides: Any) -> CaseFacts:
    """Return facts under which every guard of ``transition`` passes, then ``overrides``."""
    fields: dict[str, Any] = {}
    for guard in transition.guards:
        fields.update(SATISFY[guard])
    fields.update(overrides)
    return CaseFacts(**fields)


def violating(facts: CaseFacts, guard: Guard) -> CaseFacts:
    """Return ``facts`` changed so that ``guard`` fails."""
    return replace(facts, **VIOLATE[guard])


@pytest.fixture
def coach_rules_only():
    """Check drafts with the coach's rules alone (tests of the rules, not of the checker)."""
    from kamitaiou.method.coach.learned import reset_coach_model, use_coach_model

    use_coach_model(None)
    yield
    reset_coach_model()
