"""Transition guards: each takes ``CaseFacts`` and returns ``None`` or a Japanese reason.

A guard states one rule of METHOD.md. The transition table (``transitions.py``) lists
which guards protect which move; the UI shows a failing guard's reason next to a
disabled button.
"""

from __future__ import annotations

from collections.abc import Callable

from kamitaiou.method.assessment import AssessmentDecision
from kamitaiou.method.escalation import escalation_reasons
from kamitaiou.method.facts import APPROVER_ROLES, CaseFacts, ScopeQuestion
from kamitaiou.method.outcome import validate_outcome
from kamitaiou.method.referral import persona_problem
from kamitaiou.method.special_requests import BENEFIT_TEST_QUESTION, forbidden_refusals

Guard = Callable[[CaseFacts], str | None]

SATISFIED_MIN_SCORE = 4


def customer_calm(facts: CaseFacts) -> str | None:
    """§6 precondition: hearing starts only once the customer is calm enough to talk."""
    if facts.customer_calm:
        return None
    return "お客様が落ち着いてお話しできる状態になってから、ヒアリングに進んでください。"


def fault_assessed_yes(facts: CaseFacts) -> str | None:
    """§6.3: apologise only once we are assessed to be at fault."""
    if facts.fault_assessed is True:
        return None
    if facts.fault_assessed is None:
        return "謝罪の前に、当社に非があるかどうかを判断してください。"
    return "当社に非がないと判断されているため、謝罪の段階には進めません。"


def fault_assessed_no(facts: CaseFacts) -> str | None:
    """§6.3–6.4: go straight from hearing to proposal only when we are not at fault."""
    if facts.fault_assessed is False:
        return None
    if facts.fault_assessed is None:
        return "提案の前に、当社に非があるかどうかを判断してください。"
    return "当社に非があると判断されているため、まず謝罪してください。"


def customer_consent(facts: CaseFacts) -> str | None:
    """§6.4: a proposal is agreed only with the customer's recorded consent."""
    if facts.customer_consent_recorded:
        return None
    return "提案内容へのお客様の同意を記録してください。"


def verification_improved(facts: CaseFacts) -> str | None:
    """§6.5–6.6: close a complaint only on a verification entry that says it improved."""
    if not facts.has_verification_entry or facts.verification_improved is None:
        return "完了の前に、状況が改善したかどうかの検証結果を記録してください。"
    if not facts.verification_improved:
        return (
            "検証の結果、改善していません。ヒアリングに戻るか、"
            "改善できない旨をご説明のうえ完了してください。"
        )
    return None


def verification_not_improved(facts: CaseFacts) -> str | None:
    """§6.6: go back to hearing (or close as unimprovable) on a "not improved" entry."""
    if not facts.has_verification_entry or facts.verification_improved is None:
        return "検証結果（改善したかどうか）を記録してください。"
    if facts.verification_improved:
        return "検証の結果、改善しています。完了に進んでください。"
    return None


def explanation_recorded(facts: CaseFacts) -> str | None:
    """§5.2, §6.6, §9.3: declining, refusing or giving up needs a recorded explanation."""
    if facts.explanation_to_customer.strip():
        return None
    return "お客様へのご説明の内容を記録してください。"


def assessment_accept(facts: CaseFacts) -> str | None:
    """§5.2: fix the scope only after the assessment decided to accept."""
    if facts.assessment_decision is AssessmentDecision.ACCEPT:
        return None
    return "比較検討の結果「引き受ける」と判断されていません。"


def assessment_decline(facts: CaseFacts) -> str | None:
    """§5.2: decline only after the assessment decided to decline."""
    if facts.assessment_decision is AssessmentDecision.DECLINE:
        return None
    return "比較検討の結果「お断りする」と判断されていません。"


def scope_answered(facts: CaseFacts) -> str | None:
    """§5.3: accept only once the three scope questions are answered and attributed."""
    answers = {answer.question: answer for answer in facts.scope_answers}
    unanswered: list[str] = []
    unattributed: list[str] = []
    for question in ScopeQuestion:
        answer = answers.get(question)
        if answer is None or not answer.answer.strip():
            unanswered.append(question.label_ja)
        elif answer.attribution is None:
            unattributed.append(question.label_ja)
    if not unanswered and not unattributed:
        return None
    parts = []
    if unanswered:
        parts.append("未回答: " + "、".join(unanswered))
    if unattributed:
        parts.append("帰属（自社／お客様／第三者／不可抗力）が未選択: " + "、".join(unattributed))
    return "引き受ける前に責任の範囲を明確にしてください（" + "。".join(parts) + "）。"


def progress_reported(facts: CaseFacts) -> str | None:
    """§5.4: an accepted demand is reported on until done — at least one report."""
    if facts.progress_reports_sent > 0:
        return None
    return "お客様への進捗報告が一度も記録されていません。"


def customer_benefit(facts: CaseFacts) -> str | None:
    """§9.1: special handling only when it truly serves the customer."""
    if facts.customer_benefit_confirmed is True:
        return None
    if facts.customer_benefit_confirmed is None:
        return f"「{BENEFIT_TEST_QUESTION}」を確認してください。"
    return (
        "お客様のためにならない特別対応は行いません"
        "（納得されないことは特別対応の理由になりません）。"
    )


def actor_is_approver(facts: CaseFacts) -> str | None:
    """§9.1: only a supervisor (or an admin) approves special handling."""
    if facts.actor_role in APPROVER_ROLES:
        return None
    return "特別対応の承認は、上長（SV）または管理者のみが行えます。"


def approval_reason(facts: CaseFacts) -> str | None:
    """§9.1: an approval names its approver (supervisor/admin) and a written reason."""
    approval = facts.supervisor_approval
    if approval is None or not approval.reason.strip():
        return "特別対応を承認する理由を記入してください。"
    if approval.approver_role not in APPROVER_ROLES:
        return "承認者は上長（SV）または管理者である必要があります。"
    return None


def not_forbidden(facts: CaseFacts) -> str | None:
    """§9.2: illegal or policy-forbidden requests can never be approved, even by an admin."""
    evidence: dict[str, list[str]] = {}
    for label, text in facts.illegal_evidence:
        evidence.setdefault(label, []).append(text)
    refusals = forbidden_refusals(
        facts.labels, policy_matches=facts.policy_matches, evidence=evidence
    )
    if not refusals:
        return None
    return (
        "このご要望は承認できません: "
        + " ".join(refusal.reason_ja for refusal in refusals)
        + " お客様へのご説明例: 「"
        + refusals[0].customer_explanation_ja
        + "」"
    )


def visit_confirmed(facts: CaseFacts) -> str | None:
    """§10.1: visit only after confirming the customer's schedule by phone."""
    if facts.visit_confirmed_with_customer:
        return None
    return "訪問の前に、お電話でお客様のご都合（日時）を確認してください。"


def satisfaction_recorded(facts: CaseFacts) -> str | None:
    """§10.2: the satisfaction answer is recorded before moving on."""
    if facts.satisfaction_score is not None:
        return None
    return (
        "「サービスはご満足いただけましたでしょうか? 何か問題点はございましたか?」"
        "のお答え（満足度）を記録してください。"
    )


def satisfied(facts: CaseFacts) -> str | None:
    """§10.3: propose or ask for referrals only to a satisfied customer (score ≥ 4)."""
    score = facts.satisfaction_score
    if score is None:
        return "満足度を記録してください。"
    if score < SATISFIED_MIN_SCORE:
        return (
            f"満足度が{SATISFIED_MIN_SCORE}未満（{score}）のため、"
            "新たなご提案やご紹介のお願いはせず、まず問題点に対応してください。"
        )
    return None


def referral_persona(facts: CaseFacts) -> str | None:
    """§10.4: a referral request names a concrete persona (who, with what trouble),
    not "someone" (``referral.check_persona``)."""
    return persona_problem(facts.referral_persona)


def outcome_recorded(facts: CaseFacts) -> str | None:
    """§11: closing any case requires a valid outcome."""
    if facts.outcome is None:
        return "完了の前に、結果（エンディング・4つの影響・信頼度など）を記録してください。"
    errors = validate_outcome(facts.outcome)
    if errors:
        return "結果の記録に誤りがあります: " + " ".join(errors)
    return None


def no_pending_escalation(facts: CaseFacts) -> str | None:
    """§9.5: a legal threat or damages claim is handed to a supervisor before closing."""
    reasons = escalation_reasons(facts.labels)
    if not reasons or facts.escalated:
        return None
    return f"{'・'.join(reasons)}があるため、完了の前に上長へ報告し、引き継いでください。"
