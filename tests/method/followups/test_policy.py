"""The follow-up policy: each event → the expected follow-ups, due times and keys."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kamitaiou.method.followups.business_calendar import BusinessCalendar
from kamitaiou.method.followups.events import (
    ProgressReportSent,
    StageEntered,
    TimeOutStarted,
    VerificationRecorded,
)
from kamitaiou.method.followups.kinds import FollowUpKind as K
from kamitaiou.method.followups.kinds import PlannedFollowUp
from kamitaiou.method.followups.policy import (
    cadence_label_ja,
    next_progress_report,
    plan_followups,
    verification_result,
)
from kamitaiou.method.followups.settings import DEFAULT_SETTINGS, FollowUpSettings, Offset
from kamitaiou.method.guidance import PROGRESS_REPORT_EXAMPLE
from kamitaiou.method.person_time_place import TimeOutReason
from kamitaiou.method.stages import CaseKind, Stage
from tests.method.followups.conftest import jst

UD = CaseKind.UNREASONABLE_DEMAND
CAL = DEFAULT_SETTINGS.calendar


def plan(event: object, *, now: datetime, settings: FollowUpSettings = DEFAULT_SETTINGS):
    return plan_followups(event, settings=settings, now=now)  # type: ignore[arg-type]


def only(followups: list[PlannedFollowUp]) -> PlannedFollowUp:
    assert len(followups) == 1
    return followups[0]


# --- §5.4 progress reports ---------------------------------------------------------------


def test_accepting_a_demand_plans_the_first_progress_report_one_cadence_later():
    at = jst(2026, 11, 24, 10)
    event = StageEntered(case_id=42, kind=UD, stage=Stage.EXECUTING, at=at)
    followup = only(plan(event, now=at))
    assert followup.kind is K.PROGRESS_REPORT
    assert followup.due_at == jst(2026, 11, 25, 10)
    assert followup.title_ja == "進捗報告（24時間ごと）"
    assert followup.script_ja == PROGRESS_REPORT_EXAMPLE
    assert followup.dedupe_key == "case:42:progress_report:20261124T010000Z"
    assert followup.for_role is None


def test_per_case_cadence_overrides_the_company_default():
    at = jst(2026, 11, 24, 10)
    event = StageEntered(
        case_id=42, kind=UD, stage=Stage.EXECUTING, at=at, progress_cadence=timedelta(hours=4)
    )
    followup = only(plan(event, now=at))
    assert followup.due_at == jst(2026, 11, 24, 14)
    assert followup.title_ja == "進捗報告（4時間ごと）"


def test_company_default_cadence_comes_from_settings():
    settings = FollowUpSettings(progress_report_cadence=timedelta(days=2))
    at = jst(2026, 11, 24, 10)
    event = StageEntered(case_id=1, kind=UD, stage=Stage.EXECUTING, at=at)
    followup = only(plan(event, now=at, settings=settings))
    assert followup.due_at == jst(2026, 11, 26, 10)
    assert followup.title_ja == "進捗報告（2日ごと）"


def test_a_report_due_on_a_weekend_or_holiday_moves_to_the_next_opening():
    at = jst(2026, 11, 20, 10)  # Friday; Saturday 10:00 → Tuesday 9:00 (Monday is a holiday)
    event = StageEntered(case_id=42, kind=UD, stage=Stage.EXECUTING, at=at)
    assert only(plan(event, now=at)).due_at == jst(2026, 11, 24, 9)


def test_without_business_hours_only_the_cadence_is_kept_exactly():
    settings = FollowUpSettings(business_hours_only=False)
    at = jst(2026, 11, 20, 10)
    event = StageEntered(case_id=42, kind=UD, stage=Stage.EXECUTING, at=at)
    assert only(plan(event, now=at, settings=settings)).due_at == jst(2026, 11, 21, 10)


def test_each_report_sent_plans_the_next_one():
    sent = jst(2026, 11, 25, 11)
    event = ProgressReportSent(case_id=42, stage=Stage.EXECUTING, reported_at=sent)
    followup = only(plan(event, now=sent))
    assert followup.due_at == jst(2026, 11, 26, 11)
    assert followup.dedupe_key == "case:42:progress_report:20261125T020000Z"


def test_a_report_sent_keeps_the_cases_own_cadence():
    sent = jst(2026, 11, 25, 11)
    event = ProgressReportSent(
        case_id=42, stage=Stage.EXECUTING, reported_at=sent, progress_cadence=timedelta(hours=2)
    )
    assert only(plan(event, now=sent)).due_at == jst(2026, 11, 25, 13)


def test_no_more_reports_once_the_case_is_closed():
    sent = jst(2026, 11, 25, 11)
    event = ProgressReportSent(case_id=42, stage=Stage.CLOSED, reported_at=sent)
    assert plan(event, now=sent) == []


def test_planning_the_same_event_twice_gives_the_same_key():
    at = jst(2026, 11, 24, 10)
    event = StageEntered(case_id=42, kind=UD, stage=Stage.EXECUTING, at=at)
    first = plan(event, now=at)
    again = plan(event, now=at + timedelta(minutes=5))
    assert [f.dedupe_key for f in first] == [f.dedupe_key for f in again]


def test_next_progress_report_basic_overdue_and_business_hours():
    last = jst(2026, 11, 24, 10)
    day = timedelta(hours=24)
    assert next_progress_report(last, cadence=day, now=last) == jst(2026, 11, 25, 10)
    late = jst(2026, 11, 27, 15)
    assert next_progress_report(last, cadence=day, now=late) == late
    evening = jst(2026, 11, 24, 16)
    assert next_progress_report(
        evening, cadence=timedelta(hours=4), now=evening, calendar=CAL
    ) == jst(2026, 11, 25, 9)


def test_next_progress_report_rejects_bad_input():
    last = jst(2026, 11, 24, 10)
    with pytest.raises(ValueError, match="cadence"):
        next_progress_report(last, cadence=timedelta(0), now=last)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_progress_report(datetime(2026, 11, 24, 10), cadence=timedelta(hours=1), now=last)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_progress_report(last, cadence=timedelta(hours=1), now=datetime(2026, 11, 24))


def test_cadence_labels():
    assert cadence_label_ja(timedelta(hours=24)) == "24時間ごと"
    assert cadence_label_ja(timedelta(days=3)) == "3日ごと"
    assert cadence_label_ja(timedelta(minutes=90)) == "90分ごと"


# --- §6.5–6 complaint: verify, loop back -------------------------------------------------


def test_complaint_entering_execution_plans_a_verification_after_three_business_days():
    at = jst(2026, 11, 19, 15)  # Thursday → Fri, Tue (Mon is 勤労感謝の日), Wed
    event = StageEntered(case_id=7, kind=CaseKind.COMPLAINT, stage=Stage.EXECUTING, at=at)
    followup = only(plan(event, now=at))
    assert followup.kind is K.VERIFICATION_CHECK
    assert followup.due_at == jst(2026, 11, 25, 15)
    assert "3営業日" in followup.note_ja
    assert followup.dedupe_key == "case:7:verification_check:20261119T060000Z"


def test_verification_delay_is_configurable():
    settings = FollowUpSettings(verification_after_business_days=1)
    at = jst(2027, 4, 30, 11)
    event = StageEntered(case_id=7, kind=CaseKind.COMPLAINT, stage=Stage.EXECUTING, at=at)
    assert only(plan(event, now=at, settings=settings)).due_at == jst(2027, 5, 6, 11)


def test_verification_started_after_hours_lands_at_the_next_opening():
    at = jst(2026, 11, 24, 20)
    event = StageEntered(case_id=7, kind=CaseKind.COMPLAINT, stage=Stage.EXECUTING, at=at)
    assert only(plan(event, now=at)).due_at == jst(2026, 11, 30, 9)


def test_not_improved_suggests_hearing_and_plans_a_rehearing():
    at = jst(2026, 11, 25, 17, 0)
    event = VerificationRecorded(case_id=7, improved=False, at=at)
    outcome = verification_result(event, settings=DEFAULT_SETTINGS, now=at)
    assert outcome.suggested_stage is Stage.HEARING
    followup = only(list(outcome.followups))
    assert followup.kind is K.REHEARING
    assert followup.due_at == jst(2026, 11, 26, 10, 0)  # 120 business minutes
    assert plan(event, now=at) == list(outcome.followups)


def test_improved_suggests_closing_and_plans_nothing():
    at = jst(2026, 11, 25, 17, 0)
    event = VerificationRecorded(case_id=7, improved=True, at=at)
    outcome = verification_result(event, settings=DEFAULT_SETTINGS, now=at)
    assert outcome.suggested_stage is Stage.CLOSED
    assert outcome.followups == ()
    assert plan(event, now=at) == []
    with pytest.raises(ValueError, match="timezone-aware"):
        verification_result(event, settings=DEFAULT_SETTINGS, now=datetime(2026, 11, 25))


# --- §9.4 time out -----------------------------------------------------------------------


def test_time_out_plans_a_resume_reminder_exactly_at_the_agreed_time():
    at = jst(2026, 11, 24, 11)
    until = jst(2026, 11, 28, 10)  # a Saturday the customer asked for: kept as is
    event = TimeOutStarted(case_id=3, at=at, until=until, reason=TimeOutReason.CUSTOMER_EXCITED)
    followup = only(plan(event, now=at))
    assert followup.kind is K.RESUME_AFTER_TIME_OUT
    assert followup.due_at == until
    assert "お客様が非常に興奮されている" in followup.note_ja
    assert followup.dedupe_key == "case:3:resume_after_time_out:20261128T010000Z"


def test_time_out_without_reason_and_invalid_span():
    at = jst(2026, 11, 24, 11)
    event = TimeOutStarted(case_id=3, at=at, until=jst(2026, 11, 25, 11))
    assert "理由" not in only(plan(event, now=at)).note_ja
    with pytest.raises(ValueError, match="later"):
        TimeOutStarted(case_id=3, at=at, until=at)


# --- closing → check-ins -----------------------------------------------------------------


def test_closing_a_case_plans_check_ins_after_a_week_a_month_and_three_months():
    at = jst(2026, 11, 24, 16)
    event = StageEntered(case_id=9, kind=CaseKind.COMPLAINT, stage=Stage.CLOSED, at=at)
    followups = plan(event, now=at)
    assert [f.kind for f in followups] == [K.AFTER_FOLLOW_CHECKIN] * 3
    assert [f.due_at for f in followups] == [
        jst(2026, 12, 1, 16),
        jst(2026, 12, 24, 16),
        jst(2027, 2, 24, 16),
    ]
    assert [f.title_ja for f in followups] == [
        "完了1週間後のご様子伺い",
        "完了1か月後のご様子伺い",
        "完了3か月後のご様子伺い",
    ]
    assert [f.dedupe_key for f in followups] == [
        "case:9:after_follow_checkin:7d",
        "case:9:after_follow_checkin:1m",
        "case:9:after_follow_checkin:3m",
    ]


def test_a_check_in_falling_in_the_new_year_closure_moves_to_the_first_open_morning():
    at = jst(2026, 12, 1, 16)
    event = StageEntered(case_id=9, kind=CaseKind.COMPLAINT, stage=Stage.CLOSED, at=at)
    assert [f.due_at for f in plan(event, now=at)] == [
        jst(2026, 12, 8, 16),
        jst(2027, 1, 4, 9),
        jst(2027, 3, 1, 16),
    ]


def test_check_in_offsets_are_configurable_and_unimprovable_closes_count_too():
    settings = FollowUpSettings(after_close_checkins=(Offset(days=10), Offset(months=1, days=3)))
    at = jst(2026, 11, 24, 16)
    event = StageEntered(case_id=9, kind=CaseKind.COMPLAINT, stage=Stage.CLOSED_UNIMPROVABLE, at=at)
    followups = plan(event, now=at, settings=settings)
    assert [f.title_ja for f in followups] == [
        "完了10日後のご様子伺い",
        "完了1か月3日後のご様子伺い",
    ]
    assert [f.due_at for f in followups] == [jst(2026, 12, 4, 16), jst(2026, 12, 28, 9)]
    assert followups[1].dedupe_key == "case:9:after_follow_checkin:1m3d"


def test_an_after_follow_case_closing_plans_no_check_ins():
    at = jst(2026, 11, 24, 16)
    event = StageEntered(case_id=9, kind=CaseKind.AFTER_FOLLOW, stage=Stage.CLOSED, at=at)
    assert plan(event, now=at) == []


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        (CaseKind.COMPLAINT, Stage.HEARING),
        (CaseKind.SPECIAL_REQUEST, Stage.EXECUTING),
        (UD, Stage.SCOPE),
        (CaseKind.AFTER_FOLLOW, Stage.VISIT),
    ],
)
def test_other_stage_changes_plan_nothing(kind: CaseKind, stage: Stage):
    at = jst(2026, 11, 24, 16)
    assert plan(StageEntered(case_id=1, kind=kind, stage=stage, at=at), now=at) == []


def test_an_event_processed_late_is_due_now_not_in_the_past():
    at = jst(2026, 11, 24, 10)
    now = jst(2026, 12, 2, 11)
    event = StageEntered(case_id=7, kind=CaseKind.COMPLAINT, stage=Stage.EXECUTING, at=at)
    assert only(plan(event, now=now)).due_at == now


def test_events_reject_naive_datetimes():
    with pytest.raises(ValueError, match=r"StageEntered\.at must be a timezone-aware"):
        StageEntered(case_id=1, kind=UD, stage=Stage.EXECUTING, at=datetime(2026, 11, 24))
    with pytest.raises(ValueError, match="timezone-aware"):
        ProgressReportSent(case_id=1, stage=Stage.EXECUTING, reported_at=datetime(2026, 11, 24))
    with pytest.raises(ValueError, match="timezone-aware"):
        VerificationRecorded(case_id=1, improved=True, at=datetime(2026, 11, 24))
    at = jst(2026, 11, 24)
    with pytest.raises(ValueError, match="timezone-aware"):
        TimeOutStarted(case_id=1, at=at, until=datetime(2026, 11, 25))
    event = StageEntered(case_id=1, kind=UD, stage=Stage.EXECUTING, at=at)
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        plan(event, now=datetime(2026, 11, 24))


def test_settings_validation():
    with pytest.raises(ValueError, match="cadence"):
        FollowUpSettings(progress_report_cadence=timedelta(0))
    with pytest.raises(ValueError, match="negative"):
        FollowUpSettings(verification_after_business_days=-1)
    with pytest.raises(ValueError, match="positive"):
        Offset()
    with pytest.raises(ValueError, match="positive"):
        Offset(days=-1, months=2)


def test_offsets_clamp_to_the_end_of_the_month_and_wrap_years():
    assert Offset(months=1).after(jst(2027, 1, 31, 10)) == jst(2027, 2, 28, 10)
    assert Offset(months=3).after(jst(2026, 11, 30, 10)) == jst(2027, 2, 28, 10)
    assert Offset(days=14).label_ja == "2週間後"
    assert Offset(days=7).code == "7d"


def test_a_custom_calendar_changes_due_times():
    saturday_shop = FollowUpSettings(
        calendar=BusinessCalendar(workdays=frozenset({0, 1, 2, 3, 4, 5}))
    )
    at = jst(2026, 11, 20, 10)  # Friday; Saturday is open for this company
    event = StageEntered(case_id=42, kind=UD, stage=Stage.EXECUTING, at=at)
    assert only(plan(event, now=at, settings=saturday_shop)).due_at == jst(2026, 11, 21, 10)
