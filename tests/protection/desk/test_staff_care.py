"""The pure planner of the check-ins after an incident (method/followups/staff_care)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kamitaiou.method.followups import DEFAULT_CALENDAR, FollowUpKind
from kamitaiou.method.followups.staff_care import CheckInStep, checkin_due, plan_staff_checkins

TOKYO = ZoneInfo("Asia/Tokyo")


def test_three_check_ins_are_planned_next_business_day_one_week_and_one_month_later():
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=TOKYO)
    plans = plan_staff_checkins(
        staff_id=7,
        staff_name="佐藤",
        incident_id=3,
        at=friday,
        now=friday,
        calendar=DEFAULT_CALENDAR,
    )
    assert [p.step for p in plans] == list(CheckInStep)
    dues = [p.followup.due_at.astimezone(TOKYO) for p in plans]
    assert dues[0] == datetime(2026, 11, 24, 9, 0, tzinfo=TOKYO)  # Mon 23rd is 勤労感謝の日
    assert dues[1] == datetime(2026, 11, 27, 15, 0, tzinfo=TOKYO)
    assert dues[2] == datetime(2026, 12, 21, 9, 0, tzinfo=TOKYO)  # Sun 20th → Monday opening
    assert all(p.followup.kind is FollowUpKind.STAFF_CHECKIN for p in plans)
    assert all(p.followup.for_role == "supervisor" for p in plans)
    assert plans[0].followup.dedupe_key == "staff:7:staff_checkin:incident:3:next_day"
    assert "佐藤さん" in plans[0].followup.title_ja


def test_a_check_in_is_never_due_before_now():
    at = datetime(2026, 1, 5, 10, 0, tzinfo=TOKYO)
    now = datetime(2026, 3, 2, 10, 30, tzinfo=TOKYO)
    due = checkin_due(CheckInStep.ONE_WEEK, at=at, now=now, calendar=DEFAULT_CALENDAR)
    assert due == now


def test_the_note_names_no_detail_of_the_incident():
    at = datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)
    plans = plan_staff_checkins(
        staff_id=1, staff_name="A", incident_id=1, at=at, now=at, calendar=DEFAULT_CALENDAR
    )
    assert "辞退" in plans[0].followup.note_ja
