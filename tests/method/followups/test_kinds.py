"""Follow-up kinds, dedupe keys, and which open follow-ups to cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from kamitaiou.method.followups.kinds import (
    FOLLOW_UP_KIND_LABELS_JA,
    SINGLE_OPEN_KINDS,
    VALID_STAGES,
    FollowUpKind,
    PlannedFollowUp,
    dedupe_key,
    followups_to_cancel,
    stamp,
    superseded_followups,
)
from kamitaiou.method.stages import Stage
from tests.method.followups.conftest import jst

K = FollowUpKind


@dataclass(frozen=True)
class Row:
    """Stands in for the Django model: a kind stored as a plain string, and its key."""

    kind: str
    dedupe_key: str


def rows(*kinds: FollowUpKind) -> list[Row]:
    return [Row(kind.value, f"case:1:{kind.value}:x") for kind in kinds]


def planned(kind: FollowUpKind, key: str) -> PlannedFollowUp:
    return PlannedFollowUp(
        kind=kind, due_at=jst(2026, 11, 24, 9), title_ja="t", note_ja="n", dedupe_key=key
    )


def test_every_kind_has_a_japanese_label_and_valid_stages():
    for kind in FollowUpKind:
        assert kind.label_ja == FOLLOW_UP_KIND_LABELS_JA[kind]
        assert VALID_STAGES[kind]
    assert K.REFERRAL_REQUEST.label_ja == "ご紹介のお願い"
    assert K("sla_breach_escalation") is K.SLA_BREACH_ESCALATION


def test_dedupe_keys_and_stamps():
    assert dedupe_key(42, K.VISIT, "20261124T000000Z") == "case:42:visit:20261124T000000Z"
    assert dedupe_key("abc", K.CONFIRM_SCHEDULE_CALL) == "case:abc:confirm_schedule_call"
    assert stamp(jst(2026, 11, 24, 9, 0)) == "20261124T000000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        stamp(datetime(2026, 11, 24))


def test_planned_follow_up_needs_an_aware_due_time():
    with pytest.raises(ValueError, match="due_at must be a timezone-aware"):
        PlannedFollowUp(
            kind=K.VISIT, due_at=datetime(2026, 11, 24), title_ja="", note_ja="", dedupe_key="k"
        )


def test_closing_cancels_everything_but_the_check_ins():
    open_rows = rows(*FollowUpKind)
    cancelled = followups_to_cancel(open_rows, new_stage=Stage.CLOSED)
    # a staff wellbeing check-in is about the person, not the case: no stage ends it
    assert {row.kind for row in cancelled} == {k.value for k in K} - {
        "after_follow_checkin",
        "staff_checkin",
    }
    assert followups_to_cancel(open_rows, new_stage=Stage.CLOSED_UNIMPROVABLE) == cancelled


def test_leaving_execution_cancels_the_progress_report():
    open_rows = rows(K.PROGRESS_REPORT, K.RESUME_AFTER_TIME_OUT)
    assert followups_to_cancel(open_rows, new_stage=Stage.EXECUTING) == []
    assert followups_to_cancel(open_rows, new_stage=Stage.DECLINED) == open_rows[:1]


def test_back_to_hearing_cancels_the_verification_check_but_keeps_the_rehearing():
    open_rows = rows(K.VERIFICATION_CHECK, K.REHEARING, K.SLA_BREACH_ESCALATION)
    assert followups_to_cancel(open_rows, new_stage=Stage.VERIFYING) == []
    assert followups_to_cancel(open_rows, new_stage=Stage.HEARING) == open_rows[:1]
    assert followups_to_cancel(open_rows, new_stage=Stage.APOLOGY) == open_rows[:2]


def test_after_follow_steps_cancel_what_belongs_to_earlier_steps():
    open_rows = rows(
        K.CONFIRM_SCHEDULE_CALL,
        K.VISIT,
        K.SATISFACTION_QUESTION,
        K.ADDRESS_DISSATISFACTION,
        K.UPSELL_PROPOSAL,
        K.REFERRAL_REQUEST,
    )
    to_visit = followups_to_cancel(open_rows, new_stage=Stage.VISIT)
    assert [r.kind for r in to_visit] == [
        "confirm_schedule_call",
        "address_dissatisfaction",
        "upsell_proposal",
        "referral_request",
    ]
    to_referral = followups_to_cancel(open_rows, new_stage=Stage.REFERRAL)
    assert [r.kind for r in to_referral] == [
        "confirm_schedule_call",
        "visit",
        "satisfaction_question",
        "address_dissatisfaction",
        "upsell_proposal",
    ]


def test_a_rescheduled_visit_supersedes_the_old_reminder_but_not_itself():
    old_visit = Row("visit", "case:1:visit:20261202T053000Z")
    same = Row("visit", "case:1:visit:20261203T010000Z")
    checkin = Row("after_follow_checkin", "case:1:after_follow_checkin:7d")
    new = [planned(K.VISIT, "case:1:visit:20261203T010000Z")]
    assert superseded_followups([old_visit, same, checkin], planned=new) == [old_visit]


def test_kinds_that_may_be_open_several_times_are_never_superseded():
    assert K.AFTER_FOLLOW_CHECKIN not in SINGLE_OPEN_KINDS
    old = Row("after_follow_checkin", "case:1:after_follow_checkin:7d")
    new = [planned(K.AFTER_FOLLOW_CHECKIN, "case:1:after_follow_checkin:1m")]
    assert superseded_followups([old], planned=new) == []


def test_planned_follow_ups_themselves_fit_the_cancel_helpers():
    report = planned(K.PROGRESS_REPORT, "case:1:progress_report:a")
    assert followups_to_cancel([report], new_stage=Stage.CLOSED) == [report]
