"""Business-time arithmetic: minutes that count, and the moment a budget of them runs out.

Only minutes inside business hours on business days count (see ``BusinessCalendar``),
and never minutes inside a *pause* — an interval when the case waits on the customer or
is deliberately paused (時間を置く, METHOD.md §9.4). A pause may be open-ended
(``end=None``): it lasts until the end of whatever span is being measured ("until now").
Overlapping pauses are merged; pauses outside business hours change nothing.

Boundaries: a budget that runs out exactly at closing time is due at closing time
(17:30 + 30 min → 18:00 the same day), not at the next opening; a budget started outside
business hours starts counting at the next opening (Saturday 10:00 + 30 min → Monday 9:30).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from kamitaiou.method.followups.business_calendar import (
    BusinessCalendar,
    require_aware,
    require_in_horizon,
)

_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Pause:
    """An interval that does not count (waiting on the customer). ``end=None``: still paused."""

    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.start, "Pause.start")
        if self.end is not None:
            require_aware(self.end, "Pause.end")
            if self.end < self.start:
                raise ValueError("Pause.end must not be earlier than Pause.start.")

    def is_active(self, now: datetime) -> bool:
        """True when ``now`` lies inside the pause."""
        return self.start <= now and (self.end is None or now < self.end)


def merge_pauses(
    pauses: Iterable[Pause], *, open_until: datetime | None
) -> list[tuple[datetime, datetime]]:
    """Return the pauses as sorted, non-overlapping UTC intervals.

    An open-ended pause ends at ``open_until``; with ``open_until=None`` it is an error.
    """
    intervals: list[tuple[datetime, datetime]] = []
    for pause in pauses:
        end = pause.end if pause.end is not None else open_until
        if end is None:
            raise ValueError("An open-ended pause has no end here; close it or pass its end.")
        if end > pause.start:
            intervals.append((pause.start.astimezone(UTC), end.astimezone(UTC)))
    intervals.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _day_part(
    day: date, start: datetime, end: datetime, *, calendar: BusinessCalendar
) -> timedelta:
    """Business time of ``day`` inside ``[start, end)`` (UTC datetimes)."""
    if not calendar.is_business_day(day):
        return timedelta()
    low = max(calendar.opening(day).astimezone(UTC), start)
    high = min(calendar.closing(day).astimezone(UTC), end)
    return max(high - low, timedelta())


def _open_time(start: datetime, end: datetime, *, calendar: BusinessCalendar) -> timedelta:
    """Business time in ``[start, end)`` ignoring pauses: the first and last days' parts
    plus whole business days in between, counted without walking them."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return timedelta()
    first = require_in_horizon(calendar.local_date(start), "start")
    last = require_in_horizon(calendar.local_date(end), "end")
    if first == last:
        return _day_part(first, start, end, calendar=calendar)
    total = _day_part(first, start, end, calendar=calendar)
    total += _day_part(last, start, end, calendar=calendar)
    between = calendar.business_days_between(first + _DAY, last - _DAY)
    return total + between * timedelta(minutes=calendar.minutes_per_day)


def business_time_between(
    start: datetime,
    end: datetime,
    *,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
) -> timedelta:
    """The business time in ``[start, end)``, minus pauses (open pauses last until ``end``).

    The cost grows with the number of pauses, not with the distance from ``start`` to
    ``end``; a moment outside the calendar's years raises ``ValueError``.
    """
    require_aware(start, "start")
    require_aware(end, "end")
    if end < start:
        raise ValueError("end must not be earlier than start.")
    total = _open_time(start, end, calendar=calendar)
    for pause_start, pause_end in merge_pauses(pauses, open_until=end):
        low, high = max(pause_start, start), min(pause_end, end)
        if low < high:
            total -= _open_time(low, high, calendar=calendar)
    return total


def business_minutes_between(
    start: datetime,
    end: datetime,
    *,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
) -> int:
    """Whole business minutes in ``[start, end)``, minus pauses; seconds are dropped.

    Friday 17:00 → Monday 10:00 on the default calendar is 120 (60 + 60); an open-ended
    pause counts as paused until ``end``. ``end`` earlier than ``start`` is an error.
    """
    elapsed = business_time_between(start, end, calendar=calendar, pauses=pauses)
    return elapsed // _MINUTE


def add_business_minutes(
    start: datetime,
    minutes: int,
    *,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
) -> datetime:
    """The moment ``minutes`` business minutes after ``start`` have been used up (calendar zone).

    17:59 + 30 on a Monday → Tuesday 9:29; Friday 17:45 + 30 → Monday 9:15 (or the next
    business day after a holiday). Pauses must be closed (have an end). ``minutes = 0``
    returns ``start``.
    """
    require_aware(start, "start")
    if minutes < 0:
        raise ValueError("minutes must not be negative.")
    if minutes == 0:
        return start
    merged = merge_pauses(pauses, open_until=None)
    remaining = timedelta(minutes=minutes)
    cursor = start.astimezone(UTC)
    # Jump over whole stretches between pauses (each measured without a walk); only the
    # stretch where the budget runs out is entered.
    for pause_start, pause_end in merged:
        if pause_end <= cursor:
            continue
        if pause_start > cursor:
            available = _open_time(cursor, pause_start, calendar=calendar)
            if available >= remaining:
                break
            remaining -= available
        cursor = pause_end
    return _advance(cursor, remaining, calendar=calendar)


def _advance(cursor: datetime, remaining: timedelta, *, calendar: BusinessCalendar) -> datetime:
    """The moment ``remaining`` (> 0) business time after ``cursor``, with no pause."""
    moment = calendar.next_open(cursor).astimezone(UTC)
    day = require_in_horizon(calendar.local_date(moment), "start")
    today = calendar.closing(day).astimezone(UTC) - moment
    if remaining <= today:
        return (moment + remaining).astimezone(calendar.timezone)
    per_day = timedelta(minutes=calendar.minutes_per_day)
    full, rest = divmod(remaining - today, per_day)
    if not rest:  # runs out exactly at a closing time: due then, not at the next opening
        full, rest = full - 1, per_day
    last = calendar.nth_business_day_after(day, full + 1)
    return (calendar.opening(last).astimezone(UTC) + rest).astimezone(calendar.timezone)
