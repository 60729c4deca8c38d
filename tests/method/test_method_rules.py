"""The rules of METHOD.md, told as the journeys staff take through a case."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kamitaiou.method.assessment import AssessmentDecision
from kamitaiou.method.facts import CaseFacts, Role, SupervisorApproval
from kamitaiou.method.stages import CaseKind, Stage, initial_stage
from kamitaiou.method.transitions import TransitionError, allowed_transitions, check_transition

from .conftest import FULL_SCOPE, GOOD_OUTCOME

C = CaseKind.COMPLAINT
U = CaseKind.UNREASONABLE_DEMAND
SR = CaseKind.SPECIAL_REQUEST
AF = CaseKind.AFTER_FOLLOW


def reasons(kind, source, target, facts):
    try:
        check_transition(kind, source, target, facts)
    except TransitionError as error:
        return error.reasons
    return []


def test_complaint_loop_from_receipt_to_close_through_a_failed_verification():
    facts = CaseFacts()
    steps = [
        (Stage.RECEIVED, Stage.CALMING, {}),
        (Stage.CALMING, Stage.HEARING, {"customer_calm": True}),
        (Stage.HEARING, Stage.APOLOGY, {"fault_assessed": True}),
        (Stage.APOLOGY, Stage.PROPOSAL, {}),
        (Stage.PROPOSAL, Stage.AGREED, {"customer_consent_recorded": True}),
        (Stage.AGREED, Stage.EXECUTING, {}),
        (Stage.EXECUTING, Stage.VERIFYING, {}),
        (
            Stage.VERIFYING,
            Stage.HEARING,
            {"has_verification_entry": True, "verification_improved": False},
        ),
        (Stage.HEARING, Stage.APOLOGY, {}),
        (Stage.APOLOGY, Stage.PROPOSAL, {}),
        (Stage.PROPOSAL, Stage.AGREED, {}),
        (Stage.AGREED, Stage.EXECUTING, {}),
        (Stage.EXECUTING, Stage.VERIFYING, {"verification_improved": True}),
        (Stage.VERIFYING, Stage.CLOSED, {"outcome": GOOD_OUTCOME}),
    ]
    stage = initial_stage(C)
    for source, target, changes in steps:
        assert stage is source
        facts = replace(facts, **changes)
        check_transition(C, source, target, facts)
        stage = target
    assert stage.is_terminal


def test_complaint_cannot_reach_apology_before_fault_is_assessed():
    assert reasons(C, Stage.HEARING, Stage.APOLOGY, CaseFacts()) == [
        "謝罪の前に、当社に非があるかどうかを判断してください。"
    ]


def test_complaint_not_at_fault_goes_from_hearing_straight_to_proposal():
    facts = CaseFacts(fault_assessed=False)
    check_transition(C, Stage.HEARING, Stage.PROPOSAL, facts)
    assert reasons(C, Stage.HEARING, Stage.APOLOGY, facts)


def test_complaint_at_fault_cannot_skip_the_apology():
    assert reasons(C, Stage.HEARING, Stage.PROPOSAL, CaseFacts(fault_assessed=True))


def test_complaint_cannot_close_without_a_verification_that_says_improved():
    facts = CaseFacts(outcome=GOOD_OUTCOME, has_verification_entry=True)
    assert reasons(C, Stage.VERIFYING, Stage.CLOSED, facts)
    facts = replace(facts, verification_improved=False)
    assert reasons(C, Stage.VERIFYING, Stage.CLOSED, facts)
    check_transition(C, Stage.VERIFYING, Stage.CLOSED, replace(facts, verification_improved=True))


def test_complaint_that_cannot_be_improved_closes_only_once_explained():
    facts = CaseFacts(
        outcome=GOOD_OUTCOME, has_verification_entry=True, verification_improved=False
    )
    assert reasons(C, Stage.VERIFYING, Stage.CLOSED_UNIMPROVABLE, facts) == [
        "お客様へのご説明の内容を記録してください。"
    ]
    explained = replace(facts, explanation_to_customer="構造上これ以上の静音化はできない旨")
    check_transition(C, Stage.VERIFYING, Stage.CLOSED_UNIMPROVABLE, explained)


def test_hearing_needs_a_calm_customer_even_straight_from_receipt():
    assert reasons(C, Stage.RECEIVED, Stage.HEARING, CaseFacts())
    check_transition(C, Stage.RECEIVED, Stage.HEARING, CaseFacts(customer_calm=True))


def test_unreasonable_demand_is_not_accepted_until_scope_is_answered_and_attributed():
    facts = CaseFacts(assessment_decision=AssessmentDecision.ACCEPT)
    check_transition(U, Stage.ASSESSMENT, Stage.SCOPE, facts)
    assert reasons(U, Stage.SCOPE, Stage.EXECUTING, facts)
    assert reasons(U, Stage.SCOPE, Stage.EXECUTING, replace(facts, scope_answers=FULL_SCOPE[:2]))
    check_transition(U, Stage.SCOPE, Stage.EXECUTING, replace(facts, scope_answers=FULL_SCOPE))


def test_unreasonable_demand_declined_early_needs_the_decision_and_a_careful_explanation():
    facts = CaseFacts(assessment_decision=AssessmentDecision.DECLINE)
    assert reasons(U, Stage.ASSESSMENT, Stage.SCOPE, facts)
    assert reasons(U, Stage.ASSESSMENT, Stage.DECLINED, facts) == [
        "お客様へのご説明の内容を記録してください。"
    ]
    facts = replace(facts, explanation_to_customer="今週中の納品は難しい旨を丁寧にお伝えした")
    check_transition(U, Stage.ASSESSMENT, Stage.DECLINED, facts)
    check_transition(U, Stage.DECLINED, Stage.CLOSED, replace(facts, outcome=GOOD_OUTCOME))


def test_an_accepted_demand_closes_only_after_progress_reports():
    facts = CaseFacts(outcome=GOOD_OUTCOME)
    assert reasons(U, Stage.EXECUTING, Stage.CLOSED, facts) == [
        "お客様への進捗報告が一度も記録されていません。"
    ]
    check_transition(U, Stage.EXECUTING, Stage.CLOSED, replace(facts, progress_reports_sent=1))


APPROVABLE = CaseFacts(
    actor_role=Role.ADMIN,
    customer_benefit_confirmed=True,
    supervisor_approval=SupervisorApproval(approver_role=Role.ADMIN, reason="再発防止のため"),
)


def test_special_request_is_approved_by_a_supervisor_with_a_reason():
    check_transition(SR, Stage.APPROVAL_PENDING, Stage.APPROVED, APPROVABLE)


def test_operator_cannot_approve_special_handling():
    facts = replace(APPROVABLE, actor_role=Role.OPERATOR)
    assert reasons(SR, Stage.APPROVAL_PENDING, Stage.APPROVED, facts) == [
        "特別対応の承認は、上長（SV）または管理者のみが行えます。"
    ]


@pytest.mark.parametrize("label", ["tax_evasion", "falsification"])
def test_illegal_special_request_cannot_be_approved_even_by_an_admin(label):
    facts = replace(APPROVABLE, labels=frozenset({label}))
    [reason] = reasons(SR, Stage.APPROVAL_PENDING, Stage.APPROVED, facts)
    assert "承認できません" in reason
    assert reasons(SR, Stage.EMPATHY, Stage.APPROVAL_PENDING, facts)


def test_policy_forbidden_special_request_cannot_be_approved_and_is_refused_with_care():
    facts = replace(APPROVABLE, policy_matches=("契約期間中の無償解約",))
    assert reasons(SR, Stage.APPROVAL_PENDING, Stage.APPROVED, facts)
    refused = replace(facts, explanation_to_customer="規定によりお受けできない旨をご説明した")
    check_transition(SR, Stage.APPROVAL_PENDING, Stage.REFUSED, refused)


def test_special_handling_is_never_granted_just_because_the_customer_will_not_accept():
    facts = replace(APPROVABLE, customer_benefit_confirmed=False)
    [reason] = reasons(SR, Stage.APPROVAL_PENDING, Stage.APPROVED, facts)
    assert "納得されないことは特別対応の理由になりません" in reason


def test_after_follow_visits_only_after_the_schedule_is_confirmed_by_phone():
    assert reasons(AF, Stage.SCHEDULE_CONFIRMATION, Stage.VISIT, CaseFacts())
    check_transition(
        AF, Stage.SCHEDULE_CONFIRMATION, Stage.VISIT, CaseFacts(visit_confirmed_with_customer=True)
    )


@pytest.mark.parametrize(("score", "may_propose"), [(1, False), (3, False), (4, True), (5, True)])
def test_after_follow_proposes_new_business_only_to_a_satisfied_customer(score, may_propose):
    facts = CaseFacts(satisfaction_score=score)
    assert (reasons(AF, Stage.SATISFACTION, Stage.PROPOSAL, facts) == []) is may_propose


def test_after_follow_asks_for_referrals_with_a_concrete_persona():
    facts = CaseFacts(satisfaction_score=5)
    assert reasons(AF, Stage.PROPOSAL, Stage.REFERRAL, facts)
    facts = replace(facts, referral_persona="長時間ディスプレイを見て目の疲れに悩む方")
    check_transition(AF, Stage.PROPOSAL, Stage.REFERRAL, facts)


@pytest.mark.parametrize(
    ("kind", "source", "facts"),
    [
        (C, Stage.VERIFYING, CaseFacts(has_verification_entry=True, verification_improved=True)),
        (U, Stage.EXECUTING, CaseFacts(progress_reports_sent=3)),
        (U, Stage.DECLINED, CaseFacts()),
        (SR, Stage.EXECUTING, CaseFacts()),
        (SR, Stage.REFUSED, CaseFacts()),
        (AF, Stage.REFERRAL, CaseFacts()),
    ],
)
def test_closing_any_case_requires_an_outcome(kind, source, facts):
    assert "結果" in reasons(kind, source, Stage.CLOSED, facts)[0]
    check_transition(kind, source, Stage.CLOSED, replace(facts, outcome=GOOD_OUTCOME))


def test_legal_threat_blocks_closing_until_handed_to_a_supervisor():
    facts = CaseFacts(outcome=GOOD_OUTCOME, labels=frozenset({"legal_threat"}))
    [reason] = reasons(SR, Stage.REFUSED, Stage.CLOSED, facts)
    assert "上長へ報告" in reason
    check_transition(SR, Stage.REFUSED, Stage.CLOSED, replace(facts, escalated=True))


def test_case_page_shows_which_moves_wait_for_what():
    options = allowed_transitions(U, Stage.ASSESSMENT, CaseFacts())
    assert [(o.action, o.allowed) for o in options] == [("fix_scope", False), ("decline", False)]
    assert options[1].reasons == (
        "比較検討の結果「お断りする」と判断されていません。",
        "お客様へのご説明の内容を記録してください。",
    )
