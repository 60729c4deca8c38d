"""Business days: weekends, Japanese public holidays, company holidays, business hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from types import MappingProxyType

import pytest

from kamitaiou.method.followups.business_calendar import (
    DEFAULT_CALENDAR,
    NEW_YEAR_CLOSURE,
    AnnualClosure,
    BusinessCalendar,
    add_business_days,
    format_ja,
    require_aware,
)
from tests.method.followups.conftest import jst

CAL = DEFAULT_CALENDAR
PUBLIC_ONLY = BusinessCalendar(annual_closures=())


def test_weekdays_are_business_days_and_weekends_are_not():
    assert CAL.is_business_day(date(2026, 11, 20))  # Friday
    assert not CAL.is_business_day(date(2026, 11, 21))
    assert CAL.closed_reason_ja(date(2026, 11, 22)) == "日曜日"


def test_kinro_kansha_no_hi_2026_is_a_monday_holiday():
    assert CAL.closed_reason_ja(date(2026, 11, 23)) == "勤労感謝の日"
    assert CAL.next_business_day(date(2026, 11, 20)) == date(2026, 11, 24)


def test_golden_week_2027_leaves_only_april_30_and_may_6_open():
    days = [date(2027, 4, 28) + timedelta(days=n) for n in range(10)]
    open_days = [day for day in days if CAL.is_business_day(day)]
    assert open_days == [date(2027, 4, 28), date(2027, 4, 30), date(2027, 5, 6), date(2027, 5, 7)]
    assert CAL.closed_reason_ja(date(2027, 5, 4)) == "みどりの日"


def test_new_year_closure_wraps_the_year_end():
    assert [CAL.closed_reason_ja(date(2026, 12, d)) for d in (28, 29, 31)] == [
        None,
        "年末年始",
        "年末年始",
    ]
    assert CAL.closed_reason_ja(date(2027, 1, 1)) == "年末年始"  # closure named before 元日
    assert CAL.next_business_day(date(2026, 12, 28)) == date(2027, 1, 4)


def test_without_company_closure_new_years_day_is_still_a_public_holiday():
    assert PUBLIC_ONLY.closed_reason_ja(date(2027, 1, 1)) == "元日"
    assert PUBLIC_ONLY.is_business_day(date(2026, 12, 30))


def test_one_off_company_holiday_and_public_holidays_switched_off():
    calendar = BusinessCalendar(
        closed_dates=MappingProxyType({date(2026, 11, 25): "創立記念日"}), public_holidays=False
    )
    assert calendar.closed_reason_ja(date(2026, 11, 25)) == "創立記念日"
    assert calendar.is_business_day(date(2026, 11, 23))


def test_annual_closure_within_one_year_and_validation():
    obon = AnnualClosure(name_ja="夏季休業", start=(8, 13), end=(8, 16))
    assert obon.contains(date(2027, 8, 13))
    assert not obon.contains(date(2027, 8, 17))
    assert NEW_YEAR_CLOSURE.contains(date(2027, 1, 3))
    with pytest.raises(ValueError):
        AnnualClosure(name_ja="x", start=(2, 30), end=(3, 1))


def test_calendar_rejects_inverted_hours_and_empty_workdays():
    with pytest.raises(ValueError, match="opens_at"):
        BusinessCalendar(opens_at=time(18), closes_at=time(9))
    with pytest.raises(ValueError, match="workdays"):
        BusinessCalendar(workdays=frozenset())
    with pytest.raises(ValueError, match="workdays"):
        BusinessCalendar(workdays=frozenset({7}))


def test_a_calendar_with_no_open_day_fails_instead_of_looping():
    always_closed = BusinessCalendar(
        annual_closures=(AnnualClosure(name_ja="休業", start=(1, 1), end=(12, 31)),)
    )
    with pytest.raises(ValueError, match="no open day"):
        always_closed.next_business_day(date(2026, 1, 1))


def test_minutes_per_day_and_is_open_boundaries():
    assert CAL.minutes_per_day == 540
    assert CAL.is_open(jst(2026, 11, 20, 9, 0))
    assert not CAL.is_open(jst(2026, 11, 20, 18, 0))
    assert not CAL.is_open(jst(2026, 11, 20, 8, 59))


def test_is_open_compares_in_the_calendars_zone():
    # 00:30 UTC is 9:30 in Tokyo.
    assert CAL.is_open(datetime(2026, 11, 20, 0, 30, tzinfo=UTC))


def test_next_open_before_during_and_after_hours():
    assert CAL.next_open(jst(2026, 11, 20, 7, 0)) == jst(2026, 11, 20, 9, 0)
    assert CAL.next_open(jst(2026, 11, 20, 12, 0)) == jst(2026, 11, 20, 12, 0)
    assert CAL.next_open(jst(2026, 11, 20, 18, 0)) == jst(2026, 11, 24, 9, 0)
    assert CAL.next_open(jst(2026, 11, 21, 10, 0)) == jst(2026, 11, 24, 9, 0)


def test_add_business_days_skips_weekend_and_holiday_keeping_the_time():
    assert add_business_days(jst(2026, 11, 19, 15, 0), 3, calendar=CAL) == jst(2026, 11, 25, 15)
    assert add_business_days(jst(2026, 11, 21, 10, 0), 1, calendar=CAL) == jst(2026, 11, 24, 10)


def test_add_business_days_keeps_the_time_inside_business_hours():
    assert add_business_days(jst(2026, 11, 20, 20, 0), 1, calendar=CAL) == jst(2026, 11, 24, 18)
    assert add_business_days(jst(2026, 11, 20, 6, 0), 1, calendar=CAL) == jst(2026, 11, 24, 9)


def test_add_zero_business_days_moves_only_off_a_closed_day():
    assert add_business_days(jst(2026, 11, 20, 10), 0, calendar=CAL) == jst(2026, 11, 20, 10)
    assert add_business_days(jst(2026, 11, 23, 10), 0, calendar=CAL) == jst(2026, 11, 24, 10)
    with pytest.raises(ValueError):
        add_business_days(jst(2026, 11, 20), -1, calendar=CAL)


def test_add_business_days_over_golden_week_and_new_year():
    assert add_business_days(jst(2027, 4, 28, 10), 2, calendar=CAL) == jst(2027, 5, 6, 10)
    assert add_business_days(jst(2026, 12, 28, 10), 1, calendar=CAL) == jst(2027, 1, 4, 10)


def test_naive_datetimes_are_rejected_with_a_clear_message():
    with pytest.raises(ValueError, match="timezone-aware"):
        require_aware(datetime(2026, 11, 20, 9), "opened_at")
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.next_open(datetime(2026, 11, 20, 9))
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_days(datetime(2026, 11, 20, 9), 1, calendar=CAL)


def test_a_fixed_offset_calendar_works_too():
    calendar = BusinessCalendar(timezone=timezone(timedelta(hours=9)))
    assert calendar.next_open(jst(2026, 11, 21)) == jst(2026, 11, 24, 9)


def test_format_ja_reads_like_a_japanese_date():
    assert format_ja(jst(2026, 11, 24, 9, 5), calendar=CAL) == "11月24日(火) 9:05"
