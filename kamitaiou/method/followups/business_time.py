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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kamitaiou.method.followups.business_calendar import BusinessCalendar, require_aware

_MINUTE = timedelta(minutes=1)


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


def _subtract(
    window: tuple[datetime, datetime], pauses: list[tuple[datetime, datetime]]
) -> Iterator[tuple[datetime, datetime]]:
    """Yield the parts of ``window`` not covered by the (sorted, merged) ``pauses``."""
    cursor, end = window
    for pause_start, pause_end in pauses:
        if pause_end <= cursor:
            continue
        if pause_start >= end:
            break
        if pause_start > cursor:
            yield cursor, pause_start
        cursor = max(cursor, pause_end)
        if cursor >= end:
            return
    if cursor < end:
        yield cursor, end


def business_time_between(
    start: datetime,
    end: datetime,
    *,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
) -> timedelta:
    """The business time in ``[start, end)``, minus pauses (open pauses last until ``end``)."""
    require_aware(start, "start")
    require_aware(end, "end")
    if end < start:
        raise ValueError("end must not be earlier than start.")
    merged = merge_pauses(pauses, open_until=end)
    total = timedelta()
    for window in calendar.windows(start, end):
        for part_start, part_end in _subtract(window, merged):
            total += part_end - part_start
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
    for day in calendar.business_days_from(start):
        window = (
            max(calendar.opening(day).astimezone(UTC), start.astimezone(UTC)),
            calendar.closing(day).astimezone(UTC),
        )
        if window[0] >= window[1]:
            continue
        for part_start, part_end in _subtract(window, merged):
            if part_end - part_start >= remaining:
                return (part_start + remaining).astimezone(calendar.timezone)
            remaining -= part_end - part_start
    raise AssertionError("unreachable: business_days_from never ends")  # pragma: no cover
