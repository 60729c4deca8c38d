"""SLA clocks: due times in business minutes, pauses, breaches and once-only escalation."""

from __future__ import annotations

from datetime import datetime

import pytest

from kamitaiou.method.facts import Role
from kamitaiou.method.followups.business_calendar import DEFAULT_CALENDAR
from kamitaiou.method.followups.business_time import Pause
from kamitaiou.method.followups.kinds import FollowUpKind
from kamitaiou.method.followups.sla import (
    DEFAULT_SLA_POLICIES,
    Priority,
    SlaClockName,
    SlaPolicy,
    SlaStatus,
    breaches_to_escalate,
    sla_policy_for,
    sla_status,
)
from kamitaiou.method.stages import CaseKind
from tests.method.followups.conftest import jst

CAL = DEFAULT_CALENDAR
URGENT_COMPLAINT = sla_policy_for(CaseKind.COMPLAINT, priority=Priority.URGENT)
NORMAL_COMPLAINT = sla_policy_for(CaseKind.COMPLAINT, priority=Priority.NORMAL)


def status(
    *,
    opened_at: datetime,
    now: datetime,
    first_response_at: datetime | None = None,
    resolved_at: datetime | None = None,
    pauses: tuple[Pause, ...] = (),
    policy: SlaPolicy = URGENT_COMPLAINT,
) -> SlaStatus:
    return sla_status(
        opened_at=opened_at,
        first_response_at=first_response_at,
        resolved_at=resolved_at,
        pauses=pauses,
        policy=policy,
        calendar=CAL,
        now=now,
    )


# --- the default table -------------------------------------------------------------------


def test_default_table_covers_every_kind_and_priority():
    for kind in CaseKind:
        for priority in Priority:
            assert (kind, priority) in DEFAULT_SLA_POLICIES
    assert SlaPolicy(30, 540) == URGENT_COMPLAINT
    assert SlaPolicy(120, 3 * 540) == NORMAL_COMPLAINT
    assert sla_policy_for(CaseKind.UNREASONABLE_DEMAND, priority=Priority.HIGH) == SlaPolicy(
        60, None
    )
    assert sla_policy_for(CaseKind.AFTER_FOLLOW, priority=Priority.URGENT) == SlaPolicy(None, None)


def test_company_overrides_win_over_the_defaults():
    overrides = {(CaseKind.COMPLAINT, Priority.URGENT): SlaPolicy(15, 270)}
    assert sla_policy_for(
        CaseKind.COMPLAINT, priority=Priority.URGENT, overrides=overrides
    ) == SlaPolicy(15, 270)
    assert (
        sla_policy_for(CaseKind.COMPLAINT, priority=Priority.LOW, overrides=overrides)
        == DEFAULT_SLA_POLICIES[(CaseKind.COMPLAINT, Priority.LOW)]
    )


def test_policy_rejects_negative_targets_and_labels_are_japanese():
    with pytest.raises(ValueError, match="negative"):
        SlaPolicy(-1, None)
    assert Priority.URGENT.label_ja == "緊急"
    assert SlaClockName.FIRST_RESPONSE.label_ja == "初回対応"
    assert SlaClockName.RESOLUTION.label_ja == "解決"


# --- clocks ------------------------------------------------------------------------------


def test_urgent_complaint_at_1745_is_due_next_morning_and_next_evening():
    opened = jst(2026, 11, 24, 17, 45)
    result = status(opened_at=opened, now=opened)
    assert result.first_response.due_at == jst(2026, 11, 25, 9, 15)
    assert result.resolution.due_at == jst(2026, 11, 25, 17, 45)
    assert result.first_response.remaining_minutes == 30
    assert result.first_response.running
    assert not result.breached
    assert not result.paused_now


def test_first_response_in_time_is_met_not_breached():
    opened = jst(2026, 11, 24, 17, 45)
    result = status(
        opened_at=opened, first_response_at=jst(2026, 11, 25, 9, 10), now=jst(2026, 11, 25, 12)
    )
    clock = result.first_response
    assert clock.met_at == jst(2026, 11, 25, 9, 10)
    assert not clock.running
    assert (clock.elapsed_minutes, clock.remaining_minutes, clock.breached) == (25, 5, False)
    assert result.resolution.elapsed_minutes == 15 + 180


def test_no_response_after_the_due_time_is_a_breach_with_overdue_minutes():
    opened = jst(2026, 11, 24, 17, 45)
    result = status(opened_at=opened, now=jst(2026, 11, 25, 9, 20))
    clock = result.first_response
    assert clock.breached
    assert (clock.elapsed_minutes, clock.remaining_minutes, clock.overdue_minutes) == (35, 0, 5)
    assert result.breached


def test_answering_exactly_at_the_due_time_is_in_time():
    opened = jst(2026, 11, 24, 10)
    result = status(opened_at=opened, first_response_at=jst(2026, 11, 24, 10, 30), now=opened)
    assert not result.first_response.breached


def test_due_at_closing_is_breached_after_closing_without_business_minutes_passing():
    opened = jst(2026, 11, 24, 17, 30)
    result = status(opened_at=opened, now=jst(2026, 11, 24, 18, 5))
    assert result.first_response.due_at == jst(2026, 11, 24, 18, 0)
    assert result.first_response.breached
    assert result.first_response.overdue_minutes == 0


def test_a_case_opened_on_friday_evening_is_not_late_over_a_holiday_weekend():
    opened = jst(2026, 11, 20, 17, 45)
    result = status(opened_at=opened, now=jst(2026, 11, 23, 15))  # Monday, 勤労感謝の日
    assert result.first_response.due_at == jst(2026, 11, 24, 9, 15)
    assert not result.first_response.breached
    assert result.first_response.elapsed_minutes == 15


def test_golden_week_and_new_year_stop_the_clock():
    opened = jst(2027, 4, 30, 17, 45)
    result = status(opened_at=opened, now=jst(2027, 5, 5, 12))
    assert result.first_response.due_at == jst(2027, 5, 6, 9, 15)
    assert result.first_response.remaining_minutes == 15
    opened = jst(2026, 12, 28, 17, 0)
    result = status(opened_at=opened, now=jst(2027, 1, 1, 12))
    assert result.resolution.due_at == jst(2027, 1, 4, 17, 0)  # 60 min on 12/28, 480 on 1/4
    assert not result.resolution.breached
    assert result.first_response.breached  # due 12/28 17:30, before the closure


def test_an_open_pause_stops_the_clock_and_projects_the_due_time_from_now():
    opened = jst(2026, 11, 24, 9)
    pause = Pause(jst(2026, 11, 24, 10))  # waiting on the customer since 10:00
    result = status(
        opened_at=opened,
        first_response_at=jst(2026, 11, 24, 9, 30),
        now=jst(2026, 11, 24, 15),
        pauses=(pause,),
        policy=NORMAL_COMPLAINT,
    )
    assert result.paused_now
    assert result.resolution.elapsed_minutes == 60
    assert result.resolution.due_at == jst(2026, 11, 27, 14, 0)
    assert result.resolution.remaining_minutes == 1620 - 60


def test_a_planned_pause_ending_later_moves_the_due_time_past_its_end():
    opened = jst(2026, 11, 24, 9)
    pause = Pause(jst(2026, 11, 24, 10), jst(2026, 11, 25, 10))  # time-out until tomorrow
    result = status(opened_at=opened, now=jst(2026, 11, 24, 11), pauses=(pause,))
    assert result.paused_now
    # 60 minutes before the pause, the rest of the budget (480) after it ends at 10:00
    assert result.resolution.due_at == jst(2026, 11, 25, 18)


def test_pauses_after_the_clock_stopped_do_not_move_it():
    opened = jst(2026, 11, 24, 9)
    pause = Pause(jst(2026, 11, 24, 12))
    result = status(
        opened_at=opened,
        first_response_at=jst(2026, 11, 24, 9, 20),
        now=jst(2026, 11, 24, 15),
        pauses=(pause,),
    )
    assert result.first_response.due_at == jst(2026, 11, 24, 9, 30)


def test_overlapping_and_after_hours_pauses_are_counted_once_or_not_at_all():
    opened = jst(2026, 11, 24, 9)
    pauses = (
        Pause(jst(2026, 11, 24, 10), jst(2026, 11, 24, 12)),
        Pause(jst(2026, 11, 24, 11), jst(2026, 11, 24, 13)),
        Pause(jst(2026, 11, 24, 19), jst(2026, 11, 25, 8)),
    )
    result = status(opened_at=opened, now=jst(2026, 11, 25, 10), pauses=pauses)
    assert result.resolution.elapsed_minutes == 540 - 180 + 60
    assert not result.paused_now


def test_resolved_case_is_never_paused_now_and_resolution_counts_as_response():
    opened = jst(2026, 11, 24, 9)
    result = status(
        opened_at=opened,
        resolved_at=jst(2026, 11, 24, 9, 20),
        now=jst(2026, 11, 24, 15),
        pauses=(Pause(jst(2026, 11, 24, 10)),),
    )
    assert result.first_response.met_at == jst(2026, 11, 24, 9, 20)
    assert result.resolution.met_at == jst(2026, 11, 24, 9, 20)
    assert not result.paused_now
    assert not result.breached


def test_a_clock_without_target_is_measured_but_never_breached():
    opened = jst(2026, 11, 24, 9)
    policy = sla_policy_for(CaseKind.UNREASONABLE_DEMAND, priority=Priority.NORMAL)
    result = status(
        opened_at=opened,
        first_response_at=jst(2026, 11, 24, 10),
        now=jst(2027, 11, 24, 9),
        policy=policy,
    )
    clock = result.resolution
    assert (clock.target_minutes, clock.due_at, clock.remaining_minutes) == (None, None, None)
    assert clock.elapsed_minutes > 200 * 540
    assert not clock.breached


def test_naive_and_inconsistent_times_are_rejected():
    opened = jst(2026, 11, 24, 9)
    with pytest.raises(ValueError, match="opened_at must be a timezone-aware"):
        status(opened_at=datetime(2026, 11, 24, 9), now=opened)
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        status(opened_at=opened, now=datetime(2026, 11, 24, 9))
    with pytest.raises(ValueError, match="first_response_at must be a timezone-aware"):
        status(opened_at=opened, now=opened, first_response_at=datetime(2026, 11, 24, 10))
    with pytest.raises(ValueError, match="resolved_at must not be earlier"):
        status(opened_at=opened, now=opened, resolved_at=jst(2026, 11, 24, 8))
    with pytest.raises(ValueError, match="now must not be earlier"):
        status(opened_at=opened, now=jst(2026, 11, 23))


# --- escalation --------------------------------------------------------------------------


def test_a_running_breach_escalates_to_the_supervisor_with_a_once_only_key():
    opened = jst(2026, 11, 24, 17, 45)
    now = jst(2026, 11, 25, 9, 20)
    result = status(opened_at=opened, now=now)
    (followup,) = breaches_to_escalate(result, case_id=42, now=now)
    assert followup.kind is FollowUpKind.SLA_BREACH_ESCALATION
    assert followup.for_role is Role.SUPERVISOR
    assert followup.due_at == now
    assert followup.title_ja == "対応期限超過（初回対応）"
    assert "11月25日(水) 9:15" in followup.note_ja
    assert followup.dedupe_key == "case:42:sla_breach_escalation:first_response"
    later = jst(2026, 11, 25, 11)
    again = breaches_to_escalate(status(opened_at=opened, now=later), case_id=42, now=later)
    assert [f.dedupe_key for f in again] == [followup.dedupe_key]


def test_both_clocks_breached_escalate_separately():
    opened = jst(2026, 11, 24, 9)
    now = jst(2026, 11, 26, 9)
    keys = [
        f.dedupe_key
        for f in breaches_to_escalate(status(opened_at=opened, now=now), case_id=1, now=now)
    ]
    assert keys == [
        "case:1:sla_breach_escalation:first_response",
        "case:1:sla_breach_escalation:resolution",
    ]


def test_nothing_to_escalate_in_time_or_when_met_late():
    opened = jst(2026, 11, 24, 9)
    now = jst(2026, 11, 24, 9, 10)
    assert breaches_to_escalate(status(opened_at=opened, now=now), case_id=1, now=now) == []
    late = status(
        opened_at=opened, first_response_at=jst(2026, 11, 24, 11), now=jst(2026, 11, 24, 12)
    )
    assert late.first_response.breached
    assert breaches_to_escalate(late, case_id=1, now=jst(2026, 11, 24, 12)) == []


def test_escalation_needs_an_aware_now():
    opened = jst(2026, 11, 24, 9)
    result = status(opened_at=opened, now=opened)
    with pytest.raises(ValueError, match="timezone-aware"):
        breaches_to_escalate(result, case_id=1, now=datetime(2026, 11, 24, 9))
