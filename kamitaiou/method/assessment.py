"""Assessing an unreasonable demand before accepting it (METHOD.md §5.2, 比較検討).

Staff weigh three things: the probability of success, the risk if it fails and the
benefit if it succeeds. ``assess`` turns them into one deterministic recommendation.

The formula, in yen and integer arithmetic (so the result never depends on floats)::

    risk_value    = cost_yen + liability_yen[liability] + relationship_yen[relationship_damage]
    benefit_value = trust_yen[trust_gain] + new_business_yen + referrals * referral_yen
    EV            = (p * benefit_value - (100 - p) * risk_value) // 100     (p in %)

The qualitative levels are mapped to yen-equivalent weights (``AssessmentWeights``),
which a team may tune. The recommendation is, in order:

1. probability < ``low_probability_percent`` **and** benefit_value <
   ``low_gain_yen`` → decline, whatever the EV: the method says so explicitly (§5.2);
2. EV > 0 → accept (then fix the scope of responsibility, §5.3);
3. otherwise (EV ≤ 0) → decline.

Every decline is flagged ``decline_early`` with 「お断りするときは、早い方がお客様のため」.
``explain`` gives the inputs in the units they were entered and this formula with the
numbers filled in, so the figure shown next to a recommendation can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

DECLINE_EARLY_PHRASE = "お断りするときは、早い方がお客様のため"


class Level(StrEnum):
    """A qualitative level: low / medium / high."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label_ja(self) -> str:
        """The Japanese label (低・中・高)."""
        return LEVEL_LABELS_JA[self]


LEVEL_LABELS_JA: Mapping[Level, str] = MappingProxyType(
    {Level.LOW: "低", Level.MEDIUM: "中", Level.HIGH: "高"}
)


class AssessmentDecision(StrEnum):
    """What was decided (or recommended) for an unreasonable demand."""

    ACCEPT = "accept"
    DECLINE = "decline"

    @property
    def label_ja(self) -> str:
        """The Japanese label."""
        return "引き受ける" if self is AssessmentDecision.ACCEPT else "お断りする"


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk:
    """What happens if the attempt fails."""

    cost_yen: int = 0
    liability: Level = Level.LOW
    relationship_damage: Level = Level.LOW
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Benefit:
    """What is gained if the attempt succeeds."""

    trust_gain: Level = Level.LOW
    new_business_yen: int = 0
    referrals_expected: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """The staff member's estimate. ``success_probability`` is a percentage, 0–100."""

    success_probability: int
    risk: Risk
    benefit: Benefit


def _levels(low: int, medium: int, high: int) -> Mapping[Level, int]:
    return MappingProxyType({Level.LOW: low, Level.MEDIUM: medium, Level.HIGH: high})


@dataclass(frozen=True, slots=True, kw_only=True)
class AssessmentWeights:
    """Yen-equivalents of the qualitative levels, and the "low" thresholds.

    Defaults are a mid-sized B2B seller's: a high liability (a damages claim) weighs
    ¥3,000,000, a customer whose trust rises a lot is worth ¥1,500,000 of future business.
    """

    liability_yen: Mapping[Level, int] = field(
        default_factory=lambda: _levels(0, 500_000, 3_000_000)
    )
    relationship_yen: Mapping[Level, int] = field(
        default_factory=lambda: _levels(100_000, 500_000, 2_000_000)
    )
    trust_yen: Mapping[Level, int] = field(
        default_factory=lambda: _levels(100_000, 500_000, 1_500_000)
    )
    referral_yen: int = 300_000
    #: probability strictly below this (in %) is "low"
    low_probability_percent: int = 30
    #: benefit value strictly below this (in yen) is "low gain"
    low_gain_yen: int = 500_000


DEFAULT_WEIGHTS = AssessmentWeights()


@dataclass(frozen=True, slots=True, kw_only=True)
class Recommendation:
    """The outcome of ``assess``: a decision, the figures behind it, and why."""

    decision: AssessmentDecision
    expected_value_yen: int
    benefit_value_yen: int
    risk_value_yen: int
    low_probability: bool
    low_gain: bool
    decline_early: bool
    reason_ja: str
    #: 「お断りするときは、早い方がお客様のため」 when declining, else None
    phrase_ja: str | None


def validate_assessment(assessment: Assessment) -> list[str]:
    """Return Japanese errors for impossible inputs (empty list when valid)."""
    errors: list[str] = []
    if not 0 <= assessment.success_probability <= 100:
        errors.append("成功の見込みは0〜100%の範囲で入力してください。")
    if assessment.risk.cost_yen < 0:
        errors.append("失敗した場合の費用は0円以上で入力してください。")
    if assessment.benefit.new_business_yen < 0:
        errors.append("見込まれる新規取引額は0円以上で入力してください。")
    if assessment.benefit.referrals_expected < 0:
        errors.append("見込まれる紹介件数は0件以上で入力してください。")
    return errors


def risk_value(risk: Risk, *, weights: AssessmentWeights = DEFAULT_WEIGHTS) -> int:
    """Return the yen-equivalent of what a failure would cost."""
    return (
        risk.cost_yen
        + weights.liability_yen[risk.liability]
        + weights.relationship_yen[risk.relationship_damage]
    )


def benefit_value(benefit: Benefit, *, weights: AssessmentWeights = DEFAULT_WEIGHTS) -> int:
    """Return the yen-equivalent of what a success would bring."""
    return (
        weights.trust_yen[benefit.trust_gain]
        + benefit.new_business_yen
        + benefit.referrals_expected * weights.referral_yen
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class FormulaTerm:
    """One input of the formula: what the user entered, and what it counts for in yen."""

    label_ja: str
    #: the input in the user's own units: 「500,000円」「高」「2件」
    entered_ja: str
    yen: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AssessmentExplanation:
    """The inputs and the formula behind a recommendation, to show next to it (§5.2)."""

    probability: int
    risk_terms: tuple[FormulaTerm, ...]
    benefit_terms: tuple[FormulaTerm, ...]
    risk_value_yen: int
    benefit_value_yen: int
    expected_value_yen: int
    #: 「リスク = 費用 500,000円 + 責任問題（高）3,000,000円 + … = 5,500,000円」
    risk_line_ja: str
    benefit_line_ja: str
    #: 「期待値 = 30% × 100,000円 − 70% × 5,500,000円 = −3,820,000円」
    expected_value_line_ja: str
    #: the "decline early" rule with this team's thresholds
    rule_ja: str
    #: how 低・中・高 were turned into yen (the team's weights)
    weights_note_ja: str


def yen_ja(value: int) -> str:
    """「1,500,000円」, with a real minus sign for a negative amount (「−3,820,000円」)."""
    return f"{'−' if value < 0 else ''}{abs(value):,}円"


def _term_line(terms: tuple[FormulaTerm, ...], total: int) -> str:
    parts = " + ".join(
        f"{t.label_ja} {t.entered_ja}"
        if t.entered_ja == yen_ja(t.yen)
        else f"{t.label_ja}（{t.entered_ja}）{yen_ja(t.yen)}"
        for t in terms
    )
    return f"{parts} = {yen_ja(total)}"


def explain(
    assessment: Assessment, *, weights: AssessmentWeights = DEFAULT_WEIGHTS
) -> AssessmentExplanation:
    """The inputs, in the units they were entered, and the formula of ``assess`` with the
    numbers filled in, so nobody has to trust a figure from hidden weights."""
    risk, benefit = assessment.risk, assessment.benefit
    p = assessment.success_probability
    risk_terms = (
        FormulaTerm(label_ja="費用", entered_ja=yen_ja(risk.cost_yen), yen=risk.cost_yen),
        FormulaTerm(
            label_ja="責任問題",
            entered_ja=risk.liability.label_ja,
            yen=weights.liability_yen[risk.liability],
        ),
        FormulaTerm(
            label_ja="関係への悪影響",
            entered_ja=risk.relationship_damage.label_ja,
            yen=weights.relationship_yen[risk.relationship_damage],
        ),
    )
    referrals = benefit.referrals_expected
    benefit_terms = (
        FormulaTerm(
            label_ja="信頼",
            entered_ja=benefit.trust_gain.label_ja,
            yen=weights.trust_yen[benefit.trust_gain],
        ),
        FormulaTerm(
            label_ja="新規取引",
            entered_ja=yen_ja(benefit.new_business_yen),
            yen=benefit.new_business_yen,
        ),
        FormulaTerm(
            label_ja="紹介",
            entered_ja=f"{referrals:,}件 × {yen_ja(weights.referral_yen)}",
            yen=referrals * weights.referral_yen,
        ),
    )
    risk_total = risk_value(risk, weights=weights)
    benefit_total = benefit_value(benefit, weights=weights)
    ev = (p * benefit_total - (100 - p) * risk_total) // 100
    levels = "、".join(
        f"{name}: " + "・".join(f"{lv.label_ja} {yen_ja(table[lv])}" for lv in Level)
        for name, table in (
            ("責任問題", weights.liability_yen),
            ("関係への悪影響", weights.relationship_yen),
            ("信頼", weights.trust_yen),
        )
    )
    return AssessmentExplanation(
        probability=p,
        risk_terms=risk_terms,
        benefit_terms=benefit_terms,
        risk_value_yen=risk_total,
        benefit_value_yen=benefit_total,
        expected_value_yen=ev,
        risk_line_ja="失敗した場合のリスク = " + _term_line(risk_terms, risk_total),
        benefit_line_ja="成功した場合に得られるもの = " + _term_line(benefit_terms, benefit_total),
        expected_value_line_ja=(
            f"期待値 = 成功の見込み {p}% × {yen_ja(benefit_total)}"
            f" − 失敗の見込み {100 - p}% × {yen_ja(risk_total)} = {yen_ja(ev)}"
        ),
        rule_ja=(
            f"成功の見込みが{weights.low_probability_percent}%未満で、得られるものが"
            f"{yen_ja(weights.low_gain_yen)}未満ならお断り。それ以外は期待値がプラスなら"
            "お引き受け、ゼロ以下ならお断り。"
        ),
        weights_note_ja=f"低・中・高の円換算（チームの設定）: {levels}",
    )


def assess(
    assessment: Assessment, *, weights: AssessmentWeights = DEFAULT_WEIGHTS
) -> Recommendation:
    """Recommend accepting or declining an unreasonable demand (§5.2).

    Raises ``ValueError`` (with the Japanese errors of ``validate_assessment``) for
    impossible inputs. See the module docstring for the formula.
    """
    errors = validate_assessment(assessment)
    if errors:
        raise ValueError(" ".join(errors))
    p = assessment.success_probability
    benefit = benefit_value(assessment.benefit, weights=weights)
    risk = risk_value(assessment.risk, weights=weights)
    ev = (p * benefit - (100 - p) * risk) // 100
    low_probability = p < weights.low_probability_percent
    low_gain = benefit < weights.low_gain_yen
    figures = f"（成功の見込み{p}%、期待値{ev:,}円）"
    if low_probability and low_gain:
        decision = AssessmentDecision.DECLINE
        reason = (
            "成功の見込みが低く、成功しても得られるものが小さいため、"
            f"早めに、丁寧にお断りすることをおすすめします{figures}。"
        )
    elif ev > 0:
        decision = AssessmentDecision.ACCEPT
        reason = (
            "得られるものがリスクを上回るため、お引き受けをおすすめします"
            f"{figures}。引き受ける前に責任の範囲を明確にしてください。"
        )
    else:
        decision = AssessmentDecision.DECLINE
        reason = (
            "失敗した場合のリスクが得られるものを上回るため、"
            f"早めに、丁寧にお断りすることをおすすめします{figures}。"
        )
    declining = decision is AssessmentDecision.DECLINE
    return Recommendation(
        decision=decision,
        expected_value_yen=ev,
        benefit_value_yen=benefit,
        risk_value_yen=risk,
        low_probability=low_probability,
        low_gain=low_gain,
        decline_early=declining,
        reason_ja=reason,
        phrase_ja=DECLINE_EARLY_PHRASE if declining else None,
    )
