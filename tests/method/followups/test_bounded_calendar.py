"""The calendar is bounded by construction: no walk proportional to a distance a person
typed, and dates outside its years are a ``ValueError`` (never an ``OverflowError``)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from kamitaiou.method.followups import (
    DEFAULT_CALENDAR,
    Pause,
    Priority,
    add_business_minutes,
    sla_policy_for,
    sla_status,
)
from kamitaiou.method.followups.business_calendar import (
    LAST_YEAR,
    BusinessCalendar,
    add_business_days,
)
from kamitaiou.method.followups.business_time import business_time_between
from kamitaiou.method.stages import CaseKind
from tests.method.followups.conftest import TOKYO, jst

CAL = DEFAULT_CALENDAR
COMPANY = BusinessCalendar(
    workdays=frozenset({0, 1, 2, 3, 4, 5}), closed_dates={date(2027, 3, 3): "創立記念日"}
)


def walked_count(calendar: BusinessCalendar, first: date, last: date) -> int:
    days = (last - first).days + 1
    return sum(calendar.is_business_day(first + timedelta(days=i)) for i in range(days))


def walked_nth(calendar: BusinessCalendar, day: date, n: int) -> date:
    for _ in range(n):
        day = calendar.next_business_day(day)
    return day


@pytest.mark.parametrize("calendar", [CAL, COMPANY])
def test_counting_business_days_by_weeks_agrees_with_walking_them(calendar):
    rng = random.Random(11)
    for _ in range(200):
        first = date(2026, 1, 1) + timedelta(days=rng.randint(0, 800))
        last = first + timedelta(days=rng.randint(-3, 500))
        assert calendar.business_days_between(first, last) == max(
            walked_count(calendar, first, last), 0
        )


@pytest.mark.parametrize("calendar", [CAL, COMPANY])
def test_the_nth_business_day_by_weeks_agrees_with_stepping(calendar):
    rng = random.Random(12)
    for _ in range(200):
        day = date(2026, 1, 1) + timedelta(days=rng.randint(0, 800))
        n = rng.randint(0, 120)
        assert calendar.nth_business_day_after(day, n) == walked_nth(calendar, day, n)


def test_a_time_out_until_year_9999_is_a_value_error_not_an_overflow():
    start = jst(2026, 11, 24, 10, 0)
    forever = Pause(start, datetime(9999, 12, 31, 23, 59, tzinfo=TOKYO))
    with pytest.raises(ValueError, match="outside the business calendar"):
        add_business_minutes(start, 120, calendar=CAL, pauses=[forever])
    with pytest.raises(ValueError):
        sla_status(
            opened_at=start,
            first_response_at=None,
            resolved_at=None,
            pauses=[forever],
            policy=sla_policy_for(CaseKind.COMPLAINT, priority=Priority.NORMAL),
            calendar=CAL,
            now=start + timedelta(hours=1),
        )


def test_a_far_pause_is_jumped_over_not_walked(monkeypatch):
    calls = {"n": 0}
    original = BusinessCalendar.is_business_day

    def counting(self: Any, day: date) -> bool:
        calls["n"] += 1
        return original(self, day)

    monkeypatch.setattr(BusinessCalendar, "is_business_day", counting)
    CAL.closed_workdays(2056)  # the year tables are built once per process
    start = jst(2026, 11, 24, 10, 0)
    thirty_years = Pause(start, jst(2056, 11, 24, 10, 0))
    calls["n"] = 0
    due = add_business_minutes(start, 120, calendar=CAL, pauses=[thirty_years])
    assert due == jst(2056, 11, 24, 12, 0)
    elapsed = business_time_between(
        start, jst(2026, 12, 24, 10, 0), calendar=CAL, pauses=[thirty_years]
    )
    assert elapsed == timedelta()
    assert calls["n"] < 50, "the thirty years of the pause were walked day by day"


def test_adding_many_business_days_is_counted_not_stepped():
    start = jst(2026, 11, 24, 10, 0)
    assert add_business_days(start, 245, calendar=CAL).date() == walked_nth(CAL, start.date(), 245)


def test_dates_beyond_the_calendar_years_are_refused():
    with pytest.raises(ValueError):
        CAL.next_business_day(date(LAST_YEAR, 12, 31))
    with pytest.raises(ValueError):
        CAL.business_days_between(date(2026, 1, 1), date(LAST_YEAR + 1, 1, 1))
