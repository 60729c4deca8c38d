"""The business calendar: which days and hours count (営業日・営業時間).

A ``BusinessCalendar`` says when the company is open: business hours (default 9:00–18:00
Asia/Tokyo), working weekdays (Monday–Friday), Japanese public holidays (``jpholiday``,
振替休日 and 国民の休日 included) and company holidays — yearly closures such as
年末年始 (12/29–1/3, on by default) and one-off closed dates.

Every datetime handed to this package must be timezone-aware; a naive one raises
``ValueError``. Arithmetic is done in UTC, so a calendar in a zone with daylight saving
also works; the default, Asia/Tokyo, has none.
"""

from __future__ import annotations

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
        for offset in range(1, SEARCH_HORIZON_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_business_day(candidate):
                return candidate
        raise ValueError("The business calendar has no open day within ten years.")

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
    for _ in range(days):
        day = calendar.next_business_day(day)
    clock = min(max(local.time(), calendar.opens_at), calendar.closes_at)
    return datetime.combine(day, clock, tzinfo=calendar.timezone)


def format_ja(moment: datetime, *, calendar: BusinessCalendar) -> str:
    """「11月24日(火) 9:00」: ``moment`` in the calendar's zone, as staff read dates."""
    local = require_aware(moment, "moment").astimezone(calendar.timezone)
    weekday = "月火水木金土日"[local.weekday()]
    return f"{local.month}月{local.day}日({weekday}) {local.hour}:{local.minute:02d}"
