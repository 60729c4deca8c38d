"""§10 after-follow: schedule call → visit → satisfaction → upsell/referral or the problem."""

from __future__ import annotations

from datetime import datetime

import pytest

from kamitaiou.method.followups.events import (
    ContractSigned,
    SatisfactionRecorded,
    VisitCompleted,
    VisitScheduled,
)
from kamitaiou.method.followups.kinds import FollowUpKind as K
from kamitaiou.method.followups.policy import next_after_satisfaction, plan_followups
from kamitaiou.method.followups.settings import DEFAULT_SETTINGS, FollowUpSettings
from kamitaiou.method.guidance import SATISFACTION_QUESTION
from tests.method.followups.conftest import jst


def plan(event: object, *, now: datetime, settings: FollowUpSettings = DEFAULT_SETTINGS):
    return plan_followups(event, settings=settings, now=now)  # type: ignore[arg-type]


def test_a_new_contract_starts_with_a_call_to_confirm_the_visit_schedule():
    signed = jst(2026, 11, 17, 14)  # Tuesday + 5 business days (11/23 is a holiday) → 11/25
    followups = plan(ContractSigned(case_id=5, signed_at=signed, product="複合機"), now=signed)
    assert [f.kind for f in followups] == [K.CONFIRM_SCHEDULE_CALL]
    assert followups[0].due_at == jst(2026, 11, 25, 14)
    assert "（複合機）" in followups[0].note_ja
    assert "お電話" in followups[0].note_ja
    assert followups[0].dedupe_key == "case:5:confirm_schedule_call"


def test_confirm_call_delay_is_configurable_and_product_optional():
    settings = FollowUpSettings(confirm_schedule_after_business_days=1)
    signed = jst(2027, 4, 30, 10)
    followups = plan(ContractSigned(case_id=5, signed_at=signed), now=signed, settings=settings)
    assert followups[0].due_at == jst(2027, 5, 6, 10)
    assert followups[0].note_ja.startswith("ご契約後の")


def test_a_scheduled_visit_is_reminded_at_the_agreed_time():
    visit_at = jst(2026, 12, 2, 14, 30)
    followups = plan(VisitScheduled(case_id=5, visit_at=visit_at), now=jst(2026, 11, 25, 15))
    assert [f.kind for f in followups] == [K.VISIT]
    assert followups[0].due_at == visit_at
    assert followups[0].script_ja == SATISFACTION_QUESTION
    assert followups[0].dedupe_key == "case:5:visit:20261202T053000Z"


def test_after_the_visit_the_satisfaction_question_is_due_the_same_day():
    done = jst(2026, 12, 2, 15, 30)
    followups = plan(VisitCompleted(case_id=5, at=done), now=done)
    assert [f.kind for f in followups] == [K.SATISFACTION_QUESTION]
    assert followups[0].due_at == done
    assert followups[0].script_ja == SATISFACTION_QUESTION


def test_satisfaction_question_can_wait_business_days():
    settings = FollowUpSettings(satisfaction_after_business_days=1)
    done = jst(2026, 12, 4, 15, 30)  # Friday → Monday
    followups = plan(VisitCompleted(case_id=5, at=done), now=done, settings=settings)
    assert followups[0].due_at == jst(2026, 12, 7, 15, 30)


@pytest.mark.parametrize("score", [4, 5])
def test_a_satisfied_customer_gets_an_upsell_then_a_referral_request(score: int):
    assert next_after_satisfaction(score) == (K.UPSELL_PROPOSAL, K.REFERRAL_REQUEST)


@pytest.mark.parametrize("score", [1, 2, 3])
def test_an_unsatisfied_customer_gets_the_problem_addressed_and_no_upsell(score: int):
    assert next_after_satisfaction(score) == (K.ADDRESS_DISSATISFACTION,)


@pytest.mark.parametrize("score", [0, 6, -1])
def test_scores_outside_one_to_five_are_rejected(score: int):
    with pytest.raises(ValueError, match="1 to 5"):
        next_after_satisfaction(score)
    with pytest.raises(ValueError, match="1 to 5"):
        SatisfactionRecorded(case_id=5, score=score, at=jst(2026, 12, 2))


def test_satisfied_answer_plans_upsell_and_referral_with_a_concrete_persona():
    at = jst(2026, 12, 2, 15, 30)
    event = SatisfactionRecorded(
        case_id=5, score=5, at=at, product="業務用エアコン", liked="静かで効きがいい"
    )
    upsell, referral = plan(event, now=at)
    assert upsell.kind is K.UPSELL_PROPOSAL
    assert upsell.due_at == jst(2026, 12, 7, 15, 30)  # 3 business days
    assert "満足度5" in upsell.note_ja
    assert referral.kind is K.REFERRAL_REQUEST
    assert referral.due_at == jst(2026, 12, 7, 15, 30)
    assert referral.script_ja.startswith("「静かで効きがいい」とおっしゃっていただき")
    assert "冷暖房" in referral.script_ja
    assert referral.script_ja.endswith("いらっしゃいませんか?")
    assert upsell.dedupe_key == "case:5:upsell_proposal:20261202T063000Z"
    assert referral.dedupe_key == "case:5:referral_request:20261202T063000Z"


def test_unsatisfied_answer_plans_only_the_problem_follow_up():
    at = jst(2026, 12, 4, 15, 30)
    event = SatisfactionRecorded(case_id=5, score=2, at=at, product="複合機")
    followups = plan(event, now=at)
    assert [f.kind for f in followups] == [K.ADDRESS_DISSATISFACTION]
    assert followups[0].due_at == jst(2026, 12, 7, 15, 30)  # next business day
    assert "満足度は2" in followups[0].note_ja
    assert "ご提案" in followups[0].note_ja  # says: no proposal


def test_upsell_and_referral_delays_are_configurable():
    settings = FollowUpSettings(upsell_after_business_days=1, referral_after_business_days=5)
    at = jst(2026, 12, 2, 10)
    event = SatisfactionRecorded(case_id=5, score=4, at=at)
    upsell, referral = plan(event, now=at, settings=settings)
    assert upsell.due_at == jst(2026, 12, 3, 10)
    assert referral.due_at == jst(2026, 12, 9, 10)


def test_after_follow_events_reject_naive_datetimes():
    naive = datetime(2026, 12, 2, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        ContractSigned(case_id=1, signed_at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        VisitScheduled(case_id=1, visit_at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        VisitCompleted(case_id=1, at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        SatisfactionRecorded(case_id=1, score=4, at=naive)
