"""The business calendar: which days and hours count (営業日・営業時間).

A ``BusinessCalendar`` says when the company is open: business hours (default 9:00–18:00
Asia/Tokyo), working weekdays (Monday–Friday), Japanese public holidays (``jpholiday``,
振替休日 and 国民の休日 included) and company holidays — yearly closures such as
年末年始 (12/29–1/3, on by default) and one-off closed dates.

Every datetime handed to this package must be timezone-aware; a naive one raises
``ValueError``. Arithmetic is done in UTC, so a calendar in a zone with daylight saving
also works; the default, Asia/Tokyo, has none.

Bounded by construction: the calendar knows the years ``FIRST_YEAR``–``LAST_YEAR`` and
raises ``ValueError`` outside them (a time-out "until 9999" once walked every day to
year 9999). Business days between two dates are counted by whole weeks plus a per-year
table of closed working days (built once per year and calendar), so the cost does not
grow with the distance.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")

#: How far ahead the calendar looks for an open day before deciding it has none.
SEARCH_HORIZON_DAYS = 3700
#: The years the calendar knows; a date outside them raises ``ValueError``.
FIRST_YEAR = 1990
LAST_YEAR = 2200
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)


def require_in_horizon(day: date, name: str = "date") -> date:
    """Return ``day`` unchanged, or raise ``ValueError`` outside FIRST_YEAR–LAST_YEAR."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{name} {day.isoformat()} is outside the business calendar ({FIRST_YEAR}–{LAST_YEAR})."
        )
    return day


_WEEKDAYS_JA = ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日")


def require_aware(moment: datetime, name: str) -> datetime:
    """Return ``moment`` unchanged, or raise ``ValueError`` when it is naive."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime (got naive {moment.isoformat()}); "
            "attach a tzinfo, e.g. ZoneInfo('Asia/Tokyo')."
        )
    return moment


@lru_cache(maxsize=8192)
def _public_holiday_name(day: date) -> str | None:
    name: str | None = jpholiday.is_holiday_name(day)
    return name


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnualClosure:
    """A company closure repeated every year, from ``start`` to ``end`` (month, day) inclusive.

    A range may wrap the year end: ``AnnualClosure(name_ja="年末年始", start=(12, 29),
    end=(1, 3))`` closes 12/29, 12/30, 12/31, 1/1, 1/2 and 1/3.
    """

    name_ja: str
    start: tuple[int, int]
    end: tuple[int, int]

    def __post_init__(self) -> None:
        for month, day in (self.start, self.end):
            # 2000 is a leap year, so 2/29 is accepted.
            date(2000, month, day)

    def contains(self, day: date) -> bool:
        """True when ``day`` falls inside the closure."""
        month_day = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= month_day <= self.end
        return month_day >= self.start or month_day <= self.end


#: 年末年始: what most Japanese companies close, and the default of every calendar.
NEW_YEAR_CLOSURE = AnnualClosure(name_ja="年末年始", start=(12, 29), end=(1, 3))


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessCalendar:
    """When the company is open. Every field has the usual Japanese-office default."""

    timezone: tzinfo = TOKYO
    opens_at: time = time(9, 0)
    closes_at: time = time(18, 0)
    #: ``date.weekday()`` numbers of working days (0 = Monday).
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    #: skip Japanese public holidays (祝日・振替休日・国民の休日)
    public_holidays: bool = True
    annual_closures: tuple[AnnualClosure, ...] = (NEW_YEAR_CLOSURE,)
    #: one-off closed dates (創立記念日, a move …), name in Japanese
    closed_dates: Mapping[date, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def __post_init__(self) -> None:
        if not self.opens_at < self.closes_at:
            raise ValueError("opens_at must be earlier than closes_at on the same day.")
        if not self.workdays or not self.workdays <= set(range(7)):
            raise ValueError("workdays must be a non-empty set of weekday numbers 0–6.")

    @property
    def minutes_per_day(self) -> int:
        """Business minutes in one full business day (540 for 9:00–18:00)."""
        opens = self.opens_at.hour * 60 + self.opens_at.minute
        return self.closes_at.hour * 60 + self.closes_at.minute - opens

    def closed_reason_ja(self, day: date) -> str | None:
        """Why ``day`` is closed (「土曜日」「勤労感謝の日」「年末年始」…); ``None`` when open."""
        if day in self.closed_dates:
            return self.closed_dates[day]
        for closure in self.annual_closures:
            if closure.contains(day):
                return closure.name_ja
        if self.public_holidays and (name := _public_holiday_name(day)) is not None:
            return name
        if day.weekday() not in self.workdays:
            return _WEEKDAYS_JA[day.weekday()]
        return None

    def is_business_day(self, day: date) -> bool:
        """True when the company is open on ``day``."""
        return self.closed_reason_ja(day) is None

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        require_in_horizon(day)
        for offset in range(1, min(SEARCH_HORIZON_DAYS, (LAST_DAY - day).days + 1)):
            candidate = day + timedelta(days=offset)
            if self.is_business_day(candidate):
                return candidate
        raise ValueError("The business calendar has no open day within ten years.")

    def closed_workdays(self, year: int) -> tuple[date, ...]:
        """The working weekdays of ``year`` on which the company is closed, sorted."""
        require_in_horizon(date(year, 1, 1), "year")
        return _closed_workdays(self, year)

    def business_days_between(self, first: date, last: date) -> int:
        """How many business days lie in ``[first, last]`` (0 when ``last < first``).

        Whole weeks times the working weekdays, the remainder counted, minus the closed
        working days of each year in the range (a table lookup): no walk over the days.
        """
        if last < first:
            return 0
        require_in_horizon(first, "first")
        require_in_horizon(last, "last")
        weeks, extra = divmod((last - first).days + 1, 7)
        count = weeks * len(self.workdays)
        count += sum(1 for i in range(extra) if (first.weekday() + i) % 7 in self.workdays)
        for year in range(first.year, last.year + 1):
            table = self.closed_workdays(year)
            count -= bisect_right(table, last) - bisect_left(table, first)
        return count

    def nth_business_day_after(self, day: date, n: int) -> date:
        """The ``n``-th business day strictly after ``day`` (``n = 0``: ``day`` itself).

        Jumps by whole weeks, then steps over what holidays took away: the steps are
        bounded by the closed days in the span, not by its length.
        """
        if n < 0:
            raise ValueError("n must not be negative.")
        require_in_horizon(day)
        if n == 0:
            return day
        candidate = day + timedelta(days=7 * (n // len(self.workdays)))
        require_in_horizon(candidate)
        counted = self.business_days_between(day + timedelta(days=1), candidate)
        while counted < n:
            candidate = self.next_business_day(candidate)
            counted += 1
        while not self.is_business_day(candidate):  # n // w whole weeks landed on a closed day
            candidate -= timedelta(days=1)
        return candidate

    def local_date(self, moment: datetime) -> date:
        """The calendar's local date of ``moment``."""
        return require_aware(moment, "moment").astimezone(self.timezone).date()

    def opening(self, day: date) -> datetime:
        """When business starts on ``day`` (aware, in the calendar's zone)."""
        return datetime.combine(day, self.opens_at, tzinfo=self.timezone)

    def closing(self, day: date) -> datetime:
        """When business ends on ``day`` (aware, in the calendar's zone)."""
        return datetime.combine(day, self.closes_at, tzinfo=self.timezone)

    def is_open(self, moment: datetime) -> bool:
        """True when ``moment`` is inside business hours on a business day."""
        day = self.local_date(moment)
        return self.is_business_day(day) and self.opening(day) <= moment < self.closing(day)

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` itself when open, otherwise the next opening time (in the calendar's zone).

        18:00 on a Friday before a normal weekend → Monday 9:00.
        """
        moment = require_aware(moment, "moment").astimezone(self.timezone)
        if self.is_open(moment):
            return moment
        day = moment.date()
        if self.is_business_day(day) and moment < self.opening(day):
            return self.opening(day)
        return self.opening(self.next_business_day(day))

    def windows(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Yield the business-hour windows inside ``[start, end)``, in UTC, clipped to it."""
        start_utc = require_aware(start, "start").astimezone(UTC)
        end_utc = require_aware(end, "end").astimezone(UTC)
        for day in self.business_days_from(start):
            if self.opening(day) >= end_utc:
                return
            window_start = max(self.opening(day).astimezone(UTC), start_utc)
            window_end = min(self.closing(day).astimezone(UTC), end_utc)
            if window_start < window_end:
                yield window_start, window_end

    def business_days_from(self, start: datetime) -> Iterator[date]:
        """Yield business days from ``start``'s local date onwards, without end."""
        day = self.local_date(start)
        if not self.is_business_day(day):
            day = self.next_business_day(day)
        while True:
            yield day
            day = self.next_business_day(day)


@lru_cache(maxsize=512)
def _closed_workdays(calendar: BusinessCalendar, year: int) -> tuple[date, ...]:
    day, end = date(year, 1, 1), date(year, 12, 31)
    closed = []
    while day <= end:
        if day.weekday() in calendar.workdays and not calendar.is_business_day(day):
            closed.append(day)
        day += timedelta(days=1)
    return tuple(closed)


DEFAULT_CALENDAR = BusinessCalendar()


def add_business_days(start: datetime, days: int, *, calendar: BusinessCalendar) -> datetime:
    """The same time of day, ``days`` business days after ``start``'s local date.

    Counting starts the day after ``start`` (Friday + 1 → Monday; Saturday + 1 → Monday).
    The time is kept inside business hours: before opening becomes the opening time,
    at or after closing becomes the closing time. ``days = 0`` keeps ``start``'s day when
    it is a business day, otherwise moves to the next one.
    """
    require_aware(start, "start")
    if days < 0:
        raise ValueError("days must not be negative.")
    local = start.astimezone(calendar.timezone)
    day = local.date()
    if days == 0 and not calendar.is_business_day(day):
        day = calendar.next_business_day(day)
    day = calendar.nth_business_day_after(day, days)
    clock = min(max(local.time(), calendar.opens_at), calendar.closes_at)
    return datetime.combine(day, clock, tzinfo=calendar.timezone)


def format_ja(moment: datetime, *, calendar: BusinessCalendar) -> str:
    """「11月24日(火) 9:00」: ``moment`` in the calendar's zone, as staff read dates."""
    local = require_aware(moment, "moment").astimezone(calendar.timezone)
    weekday = "月火水木金土日"[local.weekday()]
    return f"{local.month}月{local.day}日({weekday}) {local.hour}:{local.minute:02d}"
