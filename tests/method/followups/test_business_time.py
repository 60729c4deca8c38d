"""Business-minute arithmetic: boundaries, weekends, holidays, company holidays, pauses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import pytest

from kamitaiou.method.followups.business_calendar import DEFAULT_CALENDAR, BusinessCalendar
from kamitaiou.method.followups.business_time import (
    Pause,
    add_business_minutes,
    business_minutes_between,
    business_time_between,
    merge_pauses,
)
from tests.method.followups.conftest import TOKYO, jst

CAL = DEFAULT_CALENDAR
PUBLIC_ONLY = BusinessCalendar(annual_closures=())


def add(start: datetime, minutes: int, *, pauses: Iterable[Pause] = ()) -> datetime:
    return add_business_minutes(start, minutes, calendar=CAL, pauses=pauses)


def between(start: datetime, end: datetime, *, pauses: Iterable[Pause] = ()) -> int:
    return business_minutes_between(start, end, calendar=CAL, pauses=pauses)


# --- adding ------------------------------------------------------------------------------


def test_1759_plus_30_minutes_continues_next_business_morning():
    assert add(jst(2026, 11, 24, 17, 59), 30) == jst(2026, 11, 25, 9, 29)


def test_budget_ending_exactly_at_closing_is_due_at_closing():
    assert add(jst(2026, 11, 24, 17, 30), 30) == jst(2026, 11, 24, 18, 0)


def test_friday_evening_plus_30_minutes_skips_weekend_and_monday_holiday():
    assert add(jst(2026, 11, 20, 17, 45), 30) == jst(2026, 11, 24, 9, 15)


def test_start_outside_business_hours_starts_at_next_opening():
    assert add(jst(2026, 11, 21, 10, 0), 30) == jst(2026, 11, 24, 9, 30)
    assert add(jst(2026, 11, 24, 6, 0), 60) == jst(2026, 11, 24, 10, 0)
    assert add(jst(2026, 11, 24, 19, 0), 60) == jst(2026, 11, 25, 10, 0)


def test_one_business_day_is_540_minutes():
    assert add(jst(2026, 11, 24, 10, 0), 540) == jst(2026, 11, 25, 10, 0)


def test_golden_week_2027():
    assert add(jst(2027, 4, 28, 17, 0), 120) == jst(2027, 4, 30, 10, 0)
    assert add(jst(2027, 4, 30, 17, 0), 120) == jst(2027, 5, 6, 10, 0)


def test_new_year_with_company_closure_and_without():
    assert add(jst(2026, 12, 28, 17, 59), 30) == jst(2027, 1, 4, 9, 29)
    assert add_business_minutes(jst(2026, 12, 31, 17, 0), 120, calendar=PUBLIC_ONLY) == jst(
        2027, 1, 4, 10, 0
    )
    assert add_business_minutes(jst(2026, 12, 29, 17, 0), 120, calendar=PUBLIC_ONLY) == jst(
        2026, 12, 30, 10, 0
    )


def test_zero_minutes_returns_start_and_negative_is_an_error():
    assert add(jst(2026, 11, 21, 3, 0), 0) == jst(2026, 11, 21, 3, 0)
    with pytest.raises(ValueError, match="negative"):
        add(jst(2026, 11, 24, 9), -1)


def test_result_is_in_the_calendar_zone_even_for_utc_input():
    utc_start = datetime.fromisoformat("2026-11-24T00:00:00+00:00")  # 9:00 JST
    assert add(utc_start, 10) == jst(2026, 11, 24, 9, 10)
    assert add(utc_start, 10).tzinfo == TOKYO


def test_a_pause_pushes_the_due_time_back():
    pause = Pause(jst(2026, 11, 24, 10, 0), jst(2026, 11, 24, 11, 0))
    assert add(jst(2026, 11, 24, 9, 0), 120, pauses=[pause]) == jst(2026, 11, 24, 12, 0)


def test_a_pause_over_the_night_changes_nothing():
    pause = Pause(jst(2026, 11, 24, 18, 30), jst(2026, 11, 25, 8, 0))
    assert add(jst(2026, 11, 24, 17, 0), 120, pauses=[pause]) == jst(2026, 11, 25, 10, 0)


def test_adding_with_an_open_pause_is_an_error():
    with pytest.raises(ValueError, match="open-ended"):
        add(jst(2026, 11, 24, 9), 30, pauses=[Pause(jst(2026, 11, 24, 10))])


def test_naive_start_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        add(datetime(2026, 11, 24, 9), 30)


# --- measuring ---------------------------------------------------------------------------


def test_minutes_between_over_a_weekend_and_a_holiday():
    assert between(jst(2026, 11, 20, 17, 0), jst(2026, 11, 24, 10, 0)) == 120


def test_minutes_between_within_one_day_and_outside_hours():
    assert between(jst(2026, 11, 24, 9, 0), jst(2026, 11, 24, 18, 0)) == 540
    assert between(jst(2026, 11, 24, 18, 0), jst(2026, 11, 25, 9, 0)) == 0
    assert between(jst(2026, 11, 21, 9, 0), jst(2026, 11, 22, 18, 0)) == 0
    assert between(jst(2026, 11, 24, 9, 0), jst(2026, 11, 24, 9, 0)) == 0


def test_minutes_between_over_golden_week_and_new_year():
    assert between(jst(2027, 4, 28, 9), jst(2027, 5, 7, 9)) == 3 * 540
    assert between(jst(2026, 12, 28, 9), jst(2027, 1, 5, 9)) == 2 * 540


def test_seconds_are_dropped_not_rounded():
    start = jst(2026, 11, 24, 9, 0)
    assert between(start, start + timedelta(seconds=119)) == 1


def test_end_before_start_is_an_error():
    with pytest.raises(ValueError, match="earlier"):
        between(jst(2026, 11, 24, 10), jst(2026, 11, 24, 9))


def test_overlapping_pauses_count_once():
    pauses = [
        Pause(jst(2026, 11, 24, 10, 0), jst(2026, 11, 24, 11, 0)),
        Pause(jst(2026, 11, 24, 10, 30), jst(2026, 11, 24, 12, 0)),
        Pause(jst(2026, 11, 24, 11, 0), jst(2026, 11, 24, 11, 30)),
    ]
    assert between(jst(2026, 11, 24, 9), jst(2026, 11, 24, 18), pauses=pauses) == 540 - 120


def test_pauses_outside_business_hours_change_nothing():
    pauses = [
        Pause(jst(2026, 11, 24, 18, 0), jst(2026, 11, 25, 9, 0)),
        Pause(jst(2026, 11, 21, 9, 0), jst(2026, 11, 23, 18, 0)),
    ]
    assert between(jst(2026, 11, 20, 9), jst(2026, 11, 25, 18), pauses=pauses) == 3 * 540


def test_open_ended_pause_lasts_until_the_end_of_the_span():
    pauses = [Pause(jst(2026, 11, 24, 15, 0))]
    assert between(jst(2026, 11, 24, 9), jst(2026, 11, 24, 17), pauses=pauses) == 360


def test_pause_across_the_span_edges_is_clipped():
    pauses = [Pause(jst(2026, 11, 24, 8, 0), jst(2026, 11, 24, 10, 0))]
    assert between(jst(2026, 11, 24, 9), jst(2026, 11, 24, 12), pauses=pauses) == 120
    pauses = [Pause(jst(2026, 11, 24, 11, 0), jst(2026, 11, 25, 10, 0))]
    assert between(jst(2026, 11, 24, 9), jst(2026, 11, 24, 12), pauses=pauses) == 120


def test_pause_covering_a_whole_window_leaves_nothing():
    pauses = [Pause(jst(2026, 11, 24, 0, 0), jst(2026, 11, 25, 0, 0))]
    assert between(jst(2026, 11, 24, 9), jst(2026, 11, 24, 18), pauses=pauses) == 0


def test_business_time_keeps_seconds():
    start = jst(2026, 11, 24, 9)
    assert business_time_between(start, start + timedelta(seconds=90), calendar=CAL) == (
        timedelta(seconds=90)
    )


def test_pause_validation():
    with pytest.raises(ValueError, match="earlier"):
        Pause(jst(2026, 11, 24, 10), jst(2026, 11, 24, 9))
    with pytest.raises(ValueError, match="timezone-aware"):
        Pause(datetime(2026, 11, 24, 10))
    with pytest.raises(ValueError, match="timezone-aware"):
        Pause(jst(2026, 11, 24, 10), datetime(2026, 11, 24, 11))


def test_pause_is_active():
    pause = Pause(jst(2026, 11, 24, 10), jst(2026, 11, 24, 11))
    assert pause.is_active(jst(2026, 11, 24, 10, 30))
    assert not pause.is_active(jst(2026, 11, 24, 11))
    assert Pause(jst(2026, 11, 24, 10)).is_active(jst(2027, 1, 1))


def test_merge_pauses_sorts_merges_and_drops_empty_ones():
    empty = Pause(jst(2026, 11, 24, 12), jst(2026, 11, 24, 12))
    late = Pause(jst(2026, 11, 24, 14), jst(2026, 11, 24, 15))
    early = Pause(jst(2026, 11, 24, 9), jst(2026, 11, 24, 10))
    touching = Pause(jst(2026, 11, 24, 10), jst(2026, 11, 24, 11))
    merged = merge_pauses([late, empty, touching, early], open_until=None)
    assert [(a.hour, b.hour) for a, b in merged] == [(0, 2), (5, 6)]  # UTC hours


def test_a_long_case_is_measured_quickly():
    # Cases can live for years (§2): four years of days are walked without trouble.
    minutes = between(jst(2023, 1, 4, 9), jst(2027, 1, 4, 9))
    assert 900 * 540 < minutes < 1000 * 540
