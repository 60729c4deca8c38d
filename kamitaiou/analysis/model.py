"""Plain data returned by the analyzer: labels, next steps, signals and the analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    """The label vocabulary of ANALYZER.md (stable: additive changes only)."""

    # threats
    LEGAL_THREAT = "legal_threat"
    DAMAGES_CLAIM = "damages_claim"
    SNS_EXPOSURE = "sns_exposure"
    VIOLENCE_THREAT = "violence_threat"
    # harassment (カスハラ)
    ABUSE = "abuse"
    INTIMIDATION = "intimidation"
    DOGEZA_DEMAND = "dogeza_demand"
    PROLONGED_BINDING = "prolonged_binding"  # 長時間拘束・居座り (sit-ins), added 2026-11
    # demands
    DEADLINE = "deadline"
    REFUND = "refund"
    REPLACEMENT = "replacement"
    DISCOUNT = "discount"
    COMPENSATION = "compensation"
    VISIT = "visit"
    CANCEL = "cancel"
    ESCALATE_TO_MANAGER = "escalate_to_manager"
    SPECIAL_TREATMENT = "special_treatment"
    # illegal requests
    TAX_EVASION = "tax_evasion"
    FALSIFICATION = "falsification"
    # background
    CUSTOMER_MISTAKE = "customer_mistake"
    BAD_TIMING = "bad_timing"
    RELIANCE = "reliance"  # 頼られている (METHOD.md §3.3), added 2026-11


THREAT_LABELS = frozenset(
    {Label.LEGAL_THREAT, Label.DAMAGES_CLAIM, Label.SNS_EXPOSURE, Label.VIOLENCE_THREAT}
)
HARASSMENT_LABELS = frozenset(
    {Label.ABUSE, Label.INTIMIDATION, Label.DOGEZA_DEMAND, Label.PROLONGED_BINDING}
)
DEMAND_LABELS = frozenset(
    {
        Label.DEADLINE,
        Label.REFUND,
        Label.REPLACEMENT,
        Label.DISCOUNT,
        Label.COMPENSATION,
        Label.VISIT,
        Label.CANCEL,
        Label.ESCALATE_TO_MANAGER,
        Label.SPECIAL_TREATMENT,
    }
)
ILLEGAL_LABELS = frozenset({Label.TAX_EVASION, Label.FALSIFICATION})
BACKGROUND_LABELS = frozenset({Label.CUSTOMER_MISTAKE, Label.BAD_TIMING, Label.RELIANCE})


class NextStep(StrEnum):
    """The method's recommended next move (METHOD.md), in priority order.

    See :func:`kamitaiou.analysis.next_step.choose_next_step` for the rules.
    """

    PROTECT_STAFF = "protect_staff"  # §12 カスハラ: warn, end the contact, hand to supervisor
    HAND_TO_SUPERVISOR = "hand_to_supervisor"  # §9.5 legal threats / damages / escalation
    REFUSE_WITH_REASON = "refuse_with_reason"  # §9.2 requests against law or rules
    CALM_FIRST = "calm_first"  # §6 precondition: calm the customer before anything
    REASSURE = "reassure"  # §8 (3) 安心: an anxious customer needs reassurance
    EMPATHIZE_FIRST = "empathize_first"  # §5.1 気持ちに寄り添う before assessing a demand
    ASSESS_FEASIBILITY = "assess_feasibility"  # §5.2 比較検討 of a calm, concrete demand
    HEAR_THE_CUSTOMER = "hear_the_customer"  # §6.2 ヒアリング: default for complaints
    ANSWER_INQUIRY = "answer_inquiry"  # a calm question or plain request: answer, confirm
    THANK_AND_FOLLOW_UP = "thank_and_follow_up"  # §10 praise / no issue: after-follow


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of evidence: a label found at ``raw[start:end] == text``."""

    label: Label
    start: int
    end: int
    text: str
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of one signal (ANALYZER.md)."""
        return {
            "label": str(self.label),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "detail": dict(self.detail),
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words that moved a reading: ``raw[start:end] == text``, with their weight."""

    start: int
    end: int
    text: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of one piece of evidence."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "weight": round(self.weight, 3),
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a supervisor would see in one message."""

    anger: int
    anxiety: int
    signals: tuple[Signal, ...]
    next_step: NextStep
    #: a continuous anger reading, 0.0–3.0 (the learned reader's expected level; the rule
    #: level when no model is in force) — for ranking and ROC AUC
    anger_score: float | None = None
    #: the words that raised the anger reading most (raw-text spans), strongest first
    anger_evidence: tuple[Evidence, ...] = ()

    @property
    def labels(self) -> tuple[Label, ...]:
        """Sorted unique labels of all signals."""
        return tuple(sorted({s.label for s in self.signals}, key=str))

    def to_dict(self) -> dict[str, Any]:
        """Return the stable JSON shape of ANALYZER.md."""
        return {
            "anger": self.anger,
            "anxiety": self.anxiety,
            "labels": [str(label) for label in self.labels],
            "signals": [s.to_dict() for s in self.signals],
            "next_step": str(self.next_step),
            "anger_score": round(
                float(self.anger if self.anger_score is None else self.anger_score), 3
            ),
            "anger_evidence": [e.to_dict() for e in self.anger_evidence],
        }
