"""Calendar arithmetic in Asia/Tokyo for the time-expression resolver (:mod:`timeexpr`).

"EOD" is 23:59:59 of a day; weeks run Monday→Sunday (ISO); Japanese public holidays are not
considered. ``PERIODS`` resolves the named periods (今週中, 月末, 年度内, 朝一…) against "now".
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
EOD = time(23, 59, 59)


def eod(day: date) -> datetime:
    return datetime.combine(day, EOD, tzinfo=TOKYO)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    extra, hour = divmod(hour, 24)
    return datetime.combine(day + timedelta(days=extra), time(hour, minute), tzinfo=TOKYO)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def week_sunday(today: date, weeks_ahead: int) -> date:
    return today + timedelta(days=6 - today.weekday() + 7 * weeks_ahead)


def next_weekday(today: date, weekday: int) -> date:
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


def next_month_end(today: date) -> date:
    nxt = add_months(today.replace(day=1), 1)
    return month_end(nxt.year, nxt.month)


def first_of_next_month(today: date) -> date:
    """The 1st of next month (today itself on the 1st)."""
    return today if today.day == 1 else add_months(today.replace(day=1), 1)


def next_at(now: datetime, hour: int) -> datetime:
    """``hour``:00 today if it is still ahead, else tomorrow."""
    today = now.date()
    return at(today if now.time() < time(hour) else today + timedelta(days=1), hour)


PERIODS: dict[str, Callable[[datetime], datetime]] = {
    **dict.fromkeys(
        ("今日中", "本日中", "今夜", "今夜中", "今晩", "今晩中"), lambda now: eod(now.date())
    ),
    **dict.fromkeys(
        ("今週中", "今週いっぱい", "今週末", "週末"),
        lambda now: eod(week_sunday(now.date(), 0)),
    ),
    **dict.fromkeys(
        ("来週中", "来週いっぱい", "来週末", "来週"),
        lambda now: eod(week_sunday(now.date(), 1)),
    ),
    "週明け": lambda now: eod(week_sunday(now.date(), 0) + timedelta(days=1)),
    **dict.fromkeys(
        ("今月中", "今月いっぱい", "今月末", "今月末日", "月末", "月末日"),
        lambda now: eod(month_end(now.year, now.month)),
    ),
    **dict.fromkeys(("来月中", "来月末"), lambda now: eod(next_month_end(now.date()))),
    **dict.fromkeys(("年内", "年末", "今年中"), lambda now: eod(date(now.year, 12, 31))),
    **dict.fromkeys(
        ("年度内", "年度末"),
        lambda now: eod(date(now.year + (1 if now.month >= 4 else 0), 3, 31)),
    ),
    "明朝": lambda now: at(now.date() + timedelta(days=1), 9),
    **dict.fromkeys(("昼", "正午"), lambda now: next_at(now, 12)),
    **dict.fromkeys(("月初", "月初め"), lambda now: eod(first_of_next_month(now.date()))),
    "午前中": lambda now: next_at(now, 12),
    "夕方": lambda now: next_at(now, 18),
    # 朝一 and its spellings: the next 09:00 strictly after now
    **dict.fromkeys(("朝一", "朝一番", "朝イチ", "朝いち"), lambda now: next_at(now, 9)),
}


def after_duration(n: int, unit: str, now: datetime) -> datetime:
    if unit == "分":
        return now + timedelta(minutes=n)
    if unit == "時間":
        return now + timedelta(hours=n)
    if unit == "日":
        return eod(now.date() + timedelta(days=n))
    if unit == "週間":
        return eod(now.date() + timedelta(days=7 * n))
    if unit == "営業日":
        day = now.date()
        left = n
        while left > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return eod(day)
    return eod(add_months(now.date(), n))
