"""Each guard, both ways, and the Japanese reason it gives."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kamitaiou.method import guards as g
from kamitaiou.method.facts import (
    Attribution,
    CaseFacts,
    Role,
    ScopeAnswer,
    ScopeQuestion,
    SupervisorApproval,
)
from kamitaiou.method.outcome import Ending, Outcome

from .conftest import FULL_SCOPE, SATISFY, VIOLATE


@pytest.mark.parametrize("guard", list(SATISFY), ids=lambda guard: guard.__name__)
def test_guard_passes_when_satisfied_and_fails_with_a_japanese_reason_when_violated(guard):
    satisfied = CaseFacts(**SATISFY[guard])
    assert guard(satisfied) is None
    reason = guard(replace(satisfied, **VIOLATE[guard]))
    assert reason
    assert any("\u3040" <= char <= "\u30ff" for char in reason)


def test_every_public_guard_has_a_docstring():
    for guard in SATISFY:
        assert guard.__doc__


def test_fault_guards_distinguish_not_assessed_from_the_other_answer():
    unassessed = CaseFacts()
    assert "判断してください" in (g.fault_assessed_yes(unassessed) or "")
    assert "判断してください" in (g.fault_assessed_no(unassessed) or "")
    assert "非がない" in (g.fault_assessed_yes(CaseFacts(fault_assessed=False)) or "")
    assert "まず謝罪" in (g.fault_assessed_no(CaseFacts(fault_assessed=True)) or "")


def test_verification_guards_need_an_entry_before_judging_it():
    no_entry = CaseFacts(verification_improved=True)
    assert "検証結果" in (g.verification_improved(no_entry) or "")
    assert "検証結果" in (g.verification_not_improved(CaseFacts()) or "")


def test_scope_guard_names_unanswered_and_unattributed_questions():
    answers = (
        FULL_SCOPE[0],
        ScopeAnswer(question=ScopeQuestion.SHORTFALL, answer="運送会社の遅延"),
        ScopeAnswer(question=ScopeQuestion.INCIDENTAL, answer="  ", attribution=Attribution.US),
    )
    reason = g.scope_answered(CaseFacts(scope_answers=answers)) or ""
    assert "未回答: (c)" in reason
    assert "未選択: (b)" in reason
    assert "(a)" not in reason


def test_scope_guard_with_nothing_answered_lists_all_three_questions():
    reason = g.scope_answered(CaseFacts()) or ""
    assert "(a)" in reason
    assert "(b)" in reason
    assert "(c)" in reason
    assert "未選択" not in reason


def test_customer_benefit_test_must_be_asked_before_it_can_pass():
    assert "本当にこの対応はお客様のためになるか?" in (g.customer_benefit(CaseFacts()) or "")


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_admins_may_approve(role):
    assert g.actor_is_approver(CaseFacts(actor_role=role)) is None


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SALES_REP, None])
def test_operators_sales_reps_and_anonymous_actors_may_not_approve(role):
    assert g.actor_is_approver(CaseFacts(actor_role=role))


def test_approval_needs_a_written_reason_and_an_approver_role():
    blank = SupervisorApproval(approver_role=Role.SUPERVISOR, reason=" ")
    assert "理由" in (g.approval_reason(CaseFacts(supervisor_approval=blank)) or "")
    by_operator = SupervisorApproval(approver_role=Role.OPERATOR, reason="お得意様なので")
    assert "承認者" in (g.approval_reason(CaseFacts(supervisor_approval=by_operator)) or "")


def test_forbidden_guard_gives_the_reason_and_an_explanation_for_the_customer():
    reason = g.not_forbidden(CaseFacts(labels=frozenset({"tax_evasion", "deadline"}))) or ""
    assert "脱税" in reason
    assert "消費税は法律で定められたもので、お値引きの形でも免除することはできません" in reason


def test_forbidden_guard_also_blocks_policy_matches():
    reason = g.not_forbidden(CaseFacts(policy_matches=("競合他社の見積書の開示",))) or ""
    assert "社内規定「競合他社の見積書の開示」" in reason


def test_satisfied_guard_needs_a_score_of_four_or_more():
    assert g.satisfied(CaseFacts()) == "満足度を記録してください。"
    assert "4未満（3）" in (g.satisfied(CaseFacts(satisfaction_score=3)) or "")
    assert g.satisfied(CaseFacts(satisfaction_score=4)) is None


def test_outcome_guard_reports_an_invalid_outcome():
    bad = Outcome(ending=Ending.FAN, trust_before=4, trust_after=4)
    reason = g.outcome_recorded(CaseFacts(outcome=bad)) or ""
    assert reason.startswith("結果の記録に誤りがあります")
    assert "③" in reason


def test_escalation_guard_passes_once_escalated():
    facts = CaseFacts(labels=frozenset({"damages_claim"}))
    assert "損害賠償の請求" in (g.no_pending_escalation(facts) or "")
    assert g.no_pending_escalation(replace(facts, escalated=True)) is None


def test_scope_guard_with_every_answer_written_asks_only_for_attributions():
    answers = tuple(ScopeAnswer(question=question, answer="回答済み") for question in ScopeQuestion)
    reason = g.scope_answered(CaseFacts(scope_answers=answers)) or ""
    assert "未回答" not in reason
    assert "未選択: (a)" in reason
