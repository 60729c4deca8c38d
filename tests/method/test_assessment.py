"""§5.2 assessment: the formula, its boundaries and the decline-early flag."""

from __future__ import annotations

import pytest

from kamitaiou.method.assessment import (
    DECLINE_EARLY_PHRASE,
    Assessment,
    AssessmentDecision,
    AssessmentWeights,
    Benefit,
    Level,
    Risk,
    assess,
    benefit_value,
    risk_value,
    validate_assessment,
)

NO_RISK_WEIGHTS = AssessmentWeights(
    relationship_yen={Level.LOW: 0, Level.MEDIUM: 0, Level.HIGH: 0},
)


def make(p, *, cost=0, trust=Level.LOW, business=0, referrals=0, liability=Level.LOW):
    return Assessment(
        success_probability=p,
        risk=Risk(cost_yen=cost, liability=liability),
        benefit=Benefit(trust_gain=trust, new_business_yen=business, referrals_expected=referrals),
    )


def test_values_follow_the_documented_weights():
    risk = Risk(cost_yen=200_000, liability=Level.HIGH, relationship_damage=Level.MEDIUM)
    assert risk_value(risk) == 200_000 + 3_000_000 + 500_000
    benefit = Benefit(trust_gain=Level.HIGH, new_business_yen=1_000_000, referrals_expected=2)
    assert benefit_value(benefit) == 1_500_000 + 1_000_000 + 2 * 300_000


def test_expected_value_is_p_times_benefit_minus_one_minus_p_times_risk():
    result = assess(make(60, cost=400_000, trust=Level.HIGH))
    # benefit 1,500,000; risk 400,000 + 0 + 100,000
    assert result.expected_value_yen == (60 * 1_500_000 - 40 * 500_000) // 100
    assert result.benefit_value_yen == 1_500_000
    assert result.risk_value_yen == 500_000
    assert result.decision is AssessmentDecision.ACCEPT
    assert result.decline_early is False
    assert result.phrase_ja is None
    assert "責任の範囲" in result.reason_ja


def test_low_probability_and_low_gain_is_declined_early_even_with_a_positive_value():
    result = assess(make(29), weights=NO_RISK_WEIGHTS)
    assert result.expected_value_yen > 0
    assert result.low_probability
    assert result.low_gain
    assert result.decision is AssessmentDecision.DECLINE
    assert result.decline_early
    assert result.phrase_ja == DECLINE_EARLY_PHRASE
    assert "早めに、丁寧にお断り" in result.reason_ja


def test_thirty_percent_is_no_longer_low_probability():
    result = assess(make(30), weights=NO_RISK_WEIGHTS)
    assert not result.low_probability
    assert result.decision is AssessmentDecision.ACCEPT


def test_low_gain_boundary_is_strictly_below_the_threshold():
    assert assess(make(10, business=399_999)).low_gain
    assert not assess(make(10, business=400_000)).low_gain


def test_low_probability_with_high_gain_is_judged_on_expected_value():
    result = assess(make(20, trust=Level.HIGH, business=5_000_000))
    assert result.low_probability
    assert not result.low_gain
    assert result.decision is AssessmentDecision.ACCEPT


def test_zero_expected_value_is_declined_and_one_yen_is_accepted():
    even = assess(make(50))  # benefit 100,000 vs risk 100,000
    assert even.expected_value_yen == 0
    assert even.decision is AssessmentDecision.DECLINE
    assert even.decline_early
    assert "リスクが得られるものを上回る" in even.reason_ja
    just = assess(make(50, business=200))
    assert just.expected_value_yen == 100
    assert just.decision is AssessmentDecision.ACCEPT


@pytest.mark.parametrize(("p", "ev"), [(0, -3_100_000), (100, 100_000)])
def test_certain_failure_and_certain_success(p, ev):
    result = assess(make(p, liability=Level.HIGH))
    assert result.expected_value_yen == ev


def test_assessment_is_deterministic():
    case = make(47, cost=123_457, trust=Level.MEDIUM, business=98_765, referrals=1)
    assert assess(case) == assess(case)


@pytest.mark.parametrize("p", [-1, 101])
def test_probability_outside_zero_to_hundred_is_rejected(p):
    assert validate_assessment(make(p)) == ["成功の見込みは0〜100%の範囲で入力してください。"]
    with pytest.raises(ValueError, match="0〜100%"):
        assess(make(p))


def test_negative_amounts_are_rejected():
    errors = validate_assessment(make(50, cost=-1, business=-1, referrals=-1))
    assert len(errors) == 3


def test_levels_and_decisions_have_japanese_labels():
    assert [level.label_ja for level in Level] == ["低", "中", "高"]
    assert AssessmentDecision.ACCEPT.label_ja == "引き受ける"
    assert AssessmentDecision.DECLINE.label_ja == "お断りする"


def test_the_explanation_shows_the_inputs_and_the_formula_behind_a_large_negative_value():
    from kamitaiou.method.assessment import explain

    entered = Assessment(
        success_probability=30,
        risk=Risk(cost_yen=500_000, liability=Level.HIGH, relationship_damage=Level.HIGH),
        benefit=Benefit(trust_gain=Level.LOW),
    )
    shown = explain(entered)
    assert shown.expected_value_yen == assess(entered).expected_value_yen == -3_820_000
    assert shown.risk_line_ja == (
        "失敗した場合のリスク = 費用 500,000円 + 責任問題（高）3,000,000円"
        " + 関係への悪影響（高）2,000,000円 = 5,500,000円"
    )
    assert shown.benefit_line_ja == (
        "成功した場合に得られるもの = 信頼（低）100,000円 + 新規取引 0円"
        " + 紹介（0件 × 300,000円）0円 = 100,000円"
    )
    assert shown.expected_value_line_ja == (
        "期待値 = 成功の見込み 30% × 100,000円 − 失敗の見込み 70% × 5,500,000円 = −3,820,000円"
    )
    assert "30%未満" in shown.rule_ja and "500,000円未満" in shown.rule_ja
    assert "責任問題: 低 0円・中 500,000円・高 3,000,000円" in shown.weights_note_ja


def test_the_explanation_follows_a_teams_own_weights():
    from kamitaiou.method.assessment import AssessmentWeights, explain

    weights = AssessmentWeights(referral_yen=50_000)
    entered = Assessment(success_probability=80, risk=Risk(), benefit=Benefit(referrals_expected=2))
    shown = explain(entered, weights=weights)
    assert "紹介（2件 × 50,000円）100,000円" in shown.benefit_line_ja
    assert shown.expected_value_yen == assess(entered, weights=weights).expected_value_yen
