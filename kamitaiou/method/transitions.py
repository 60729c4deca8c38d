"""The transition table, as data, and the two questions the UI asks of it.

``TRANSITIONS`` lists, per kind, every move a case may make: source → target, the
action name a ``do_*`` view posts, the Japanese button label, and the guards that must
all pass. ``allowed_transitions`` answers "which buttons, enabled or with which
reasons?"; ``check_transition`` answers "may this move happen now?" by raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from kamitaiou.method import guards as g
from kamitaiou.method.facts import CaseFacts
from kamitaiou.method.guards import Guard
from kamitaiou.method.stages import KIND_STAGES, CaseKind, Stage


class TransitionError(Exception):
    """A move is not in the table or a guard failed. ``reasons`` are Japanese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class MoveInput(StrEnum):
    """Something the person types into the move's own form (posted with the move).

    A guard that such an input satisfies must never disable the move's button: the data
    does not exist before the move is made, so the button would stay disabled forever.
    ``allowed_transitions`` leaves those guards to ``check_transition``, which still
    enforces them when the move is posted.
    """

    APPROVAL_REASON = "approval_reason"

    @property
    def label_ja(self) -> str:
        """The field label shown beside the move's button."""
        return MOVE_INPUT_LABELS_JA[self]


MOVE_INPUT_LABELS_JA: Mapping[MoveInput, str] = MappingProxyType(
    {MoveInput.APPROVAL_REASON: "承認する理由（必須）"}
)

#: The guard each move input satisfies.
MOVE_INPUT_GUARDS: Mapping[MoveInput, Guard] = MappingProxyType(
    {MoveInput.APPROVAL_REASON: g.approval_reason}
)


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the table: a move from ``source`` to ``target`` for ``kind``."""

    kind: CaseKind
    source: Stage
    target: Stage
    action: str
    label_ja: str
    guards: tuple[Guard, ...] = ()
    #: what the move's own form asks for (e.g. the supervisor's written reason)
    inputs: tuple[MoveInput, ...] = ()

    def unmet(self, facts: CaseFacts) -> list[str]:
        """Return the Japanese reasons of every failing guard (empty when allowed)."""
        return [reason for guard in self.guards if (reason := guard(facts)) is not None]

    def unmet_before_input(self, facts: CaseFacts) -> list[str]:
        """Like ``unmet``, leaving out the guards the move's own inputs will satisfy."""
        typed = {MOVE_INPUT_GUARDS[name] for name in self.inputs}
        return [
            reason
            for guard in self.guards
            if guard not in typed and (reason := guard(facts)) is not None
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitionOption:
    """A move offered to the UI: enabled, or disabled with the reasons why."""

    transition: Transition
    allowed: bool
    reasons: tuple[str, ...]

    @property
    def target(self) -> Stage:
        """Where the move leads."""
        return self.transition.target

    @property
    def action(self) -> str:
        """The action name a ``do_*`` view receives."""
        return self.transition.action

    @property
    def label_ja(self) -> str:
        """The button label."""
        return self.transition.label_ja

    @property
    def inputs(self) -> tuple[MoveInput, ...]:
        """The fields the move's own form asks for."""
        return self.transition.inputs


# Closing any case needs an outcome (§11) and, after a legal threat, an escalation (§9.5).
CLOSING: tuple[Guard, ...] = (g.outcome_recorded, g.no_pending_escalation)

_C = CaseKind.COMPLAINT
_U = CaseKind.UNREASONABLE_DEMAND
_S = CaseKind.SPECIAL_REQUEST
_A = CaseKind.AFTER_FOLLOW
S = Stage

_UNIMPROVABLE = "改善できない旨を説明して完了する"

_COMPLAINT: tuple[Transition, ...] = (
    Transition(_C, S.RECEIVED, S.CALMING, "start_calming", "鎮静対応を始める"),
    Transition(
        _C, S.RECEIVED, S.HEARING, "start_hearing", "ヒアリングを始める", (g.customer_calm,)
    ),
    Transition(_C, S.CALMING, S.HEARING, "start_hearing", "ヒアリングを始める", (g.customer_calm,)),
    Transition(_C, S.HEARING, S.APOLOGY, "apologise", "謝罪する", (g.fault_assessed_yes,)),
    Transition(_C, S.HEARING, S.PROPOSAL, "propose", "提案する", (g.fault_assessed_no,)),
    Transition(
        _C,
        S.HEARING,
        S.CLOSED_UNIMPROVABLE,
        "close_unimprovable",
        _UNIMPROVABLE,
        (g.explanation_recorded, *CLOSING),
    ),
    Transition(_C, S.APOLOGY, S.PROPOSAL, "propose", "提案する"),
    Transition(
        _C, S.PROPOSAL, S.AGREED, "record_agreement", "合意を記録する", (g.customer_consent,)
    ),
    Transition(_C, S.PROPOSAL, S.HEARING, "back_to_hearing", "ヒアリングに戻る"),
    Transition(
        _C,
        S.PROPOSAL,
        S.CLOSED_UNIMPROVABLE,
        "close_unimprovable",
        _UNIMPROVABLE,
        (g.explanation_recorded, *CLOSING),
    ),
    Transition(_C, S.AGREED, S.EXECUTING, "start_execution", "実行に移る"),
    Transition(_C, S.EXECUTING, S.VERIFYING, "start_verification", "改善したか検証する"),
    Transition(_C, S.VERIFYING, S.CLOSED, "close", "完了する", (g.verification_improved, *CLOSING)),
    Transition(
        _C,
        S.VERIFYING,
        S.HEARING,
        "back_to_hearing",
        "改善していないのでヒアリングに戻る",
        (g.verification_not_improved,),
    ),
    Transition(
        _C,
        S.VERIFYING,
        S.CLOSED_UNIMPROVABLE,
        "close_unimprovable",
        _UNIMPROVABLE,
        (g.verification_not_improved, g.explanation_recorded, *CLOSING),
    ),
)

_UNREASONABLE_DEMAND: tuple[Transition, ...] = (
    Transition(_U, S.RECEIVED, S.EMPATHY, "empathise", "気持ちに寄り添う"),
    Transition(_U, S.EMPATHY, S.ASSESSMENT, "assess", "比較検討する"),
    Transition(
        _U, S.ASSESSMENT, S.SCOPE, "fix_scope", "責任の範囲を確定する", (g.assessment_accept,)
    ),
    Transition(
        _U,
        S.ASSESSMENT,
        S.DECLINED,
        "decline",
        "早めに、丁寧にお断りする",
        (g.assessment_decline, g.explanation_recorded),
    ),
    Transition(
        _U,
        S.SCOPE,
        S.EXECUTING,
        "accept_demand",
        "引き受けて実行に移る",
        (g.assessment_accept, g.scope_answered),
    ),
    Transition(_U, S.SCOPE, S.DECLINED, "decline", "丁寧にお断りする", (g.explanation_recorded,)),
    Transition(_U, S.EXECUTING, S.CLOSED, "close", "完了する", (g.progress_reported, *CLOSING)),
    Transition(_U, S.DECLINED, S.CLOSED, "close", "完了する", CLOSING),
)

_SPECIAL_REQUEST: tuple[Transition, ...] = (
    Transition(_S, S.RECEIVED, S.EMPATHY, "empathise", "お気持ちを伺う"),
    Transition(
        _S,
        S.EMPATHY,
        S.APPROVAL_PENDING,
        "request_approval",
        "上長に承認を依頼する",
        (g.not_forbidden, g.customer_benefit),
    ),
    Transition(_S, S.EMPATHY, S.REFUSED, "refuse", "ご説明のうえ見送る", (g.explanation_recorded,)),
    Transition(
        _S,
        S.APPROVAL_PENDING,
        S.APPROVED,
        "approve",
        "特別対応を承認する",
        (g.not_forbidden, g.customer_benefit, g.actor_is_approver, g.approval_reason),
        (MoveInput.APPROVAL_REASON,),
    ),
    Transition(
        _S,
        S.APPROVAL_PENDING,
        S.REFUSED,
        "refuse",
        "ご説明のうえ見送る",
        (g.explanation_recorded,),
    ),
    Transition(_S, S.APPROVED, S.EXECUTING, "start_execution", "実行に移る"),
    Transition(_S, S.EXECUTING, S.CLOSED, "close", "完了する", CLOSING),
    Transition(_S, S.REFUSED, S.CLOSED, "close", "完了する", CLOSING),
)

_AFTER_FOLLOW: tuple[Transition, ...] = (
    Transition(_A, S.SCHEDULE_CONFIRMATION, S.VISIT, "visit", "訪問する", (g.visit_confirmed,)),
    Transition(_A, S.SCHEDULE_CONFIRMATION, S.CLOSED, "close", "訪問せずに完了する", CLOSING),
    Transition(_A, S.VISIT, S.SATISFACTION, "ask_satisfaction", "満足度を伺う"),
    Transition(_A, S.SATISFACTION, S.PROPOSAL, "propose", "新たなご提案をする", (g.satisfied,)),
    Transition(
        _A,
        S.SATISFACTION,
        S.REFERRAL,
        "ask_referral",
        "ご紹介をお願いする",
        (g.satisfied, g.referral_persona),
    ),
    Transition(
        _A, S.SATISFACTION, S.CLOSED, "close", "完了する", (g.satisfaction_recorded, *CLOSING)
    ),
    Transition(
        _A,
        S.PROPOSAL,
        S.REFERRAL,
        "ask_referral",
        "ご紹介をお願いする",
        (g.satisfied, g.referral_persona),
    ),
    Transition(_A, S.PROPOSAL, S.CLOSED, "close", "完了する", CLOSING),
    Transition(_A, S.REFERRAL, S.CLOSED, "close", "完了する", CLOSING),
)

#: Every move of every kind.
TRANSITIONS: Mapping[CaseKind, tuple[Transition, ...]] = MappingProxyType(
    {
        CaseKind.COMPLAINT: _COMPLAINT,
        CaseKind.UNREASONABLE_DEMAND: _UNREASONABLE_DEMAND,
        CaseKind.SPECIAL_REQUEST: _SPECIAL_REQUEST,
        CaseKind.AFTER_FOLLOW: _AFTER_FOLLOW,
    }
)


def _require_stage(kind: CaseKind, stage: Stage) -> None:
    if stage not in KIND_STAGES[kind]:
        raise TransitionError([f"「{stage.label_ja}」は{kind.label_ja}の段階ではありません。"])


def find_transition(kind: CaseKind, source: Stage, target: Stage) -> Transition | None:
    """Return the table row for ``source`` → ``target``, or ``None`` if there is none."""
    for transition in TRANSITIONS[kind]:
        if transition.source is source and transition.target is target:
            return transition
    return None


def transition_for_action(kind: CaseKind, source: Stage, action: str) -> Transition | None:
    """Return the move named ``action`` out of ``source``, or ``None`` if there is none."""
    for transition in TRANSITIONS[kind]:
        if transition.source is source and transition.action == action:
            return transition
    return None


def allowed_transitions(kind: CaseKind, stage: Stage, facts: CaseFacts) -> list[TransitionOption]:
    """Return every outgoing move of ``stage``, each enabled or with its unmet reasons.

    A move is enabled when every guard passes except those its own inputs satisfy (the
    approval reason is typed next to the 承認 button); ``check_transition`` checks those
    too when the move is posted. Raises ``TransitionError`` when ``stage`` is not a
    stage of ``kind``.
    """
    _require_stage(kind, stage)
    options = []
    for transition in TRANSITIONS[kind]:
        if transition.source is stage:
            reasons = transition.unmet_before_input(facts)
            options.append(
                TransitionOption(transition=transition, allowed=not reasons, reasons=tuple(reasons))
            )
    return options


def check_transition(kind: CaseKind, source: Stage, target: Stage, facts: CaseFacts) -> None:
    """Raise ``TransitionError`` unless ``source`` → ``target`` is in the table and allowed."""
    _require_stage(kind, source)
    if source.is_terminal:
        raise TransitionError(["この案件は完了しているため、段階を変更できません。"])
    transition = find_transition(kind, source, target)
    if transition is None:
        raise TransitionError([f"「{source.label_ja}」から「{target.label_ja}」へは進めません。"])
    reasons = transition.unmet(facts)
    if reasons:
        raise TransitionError(reasons)
