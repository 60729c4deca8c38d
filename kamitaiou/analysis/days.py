"""Calendar arithmetic in Asia/Tokyo for the time-expression resolver (:mod:`timeexpr`).

"EOD" is 23:59:59 of a day; weeks run Monday→Sunday (ISO); Japanese public holidays are not
skipped when counting days. ``PERIODS`` resolves the named periods (今週中, 月末, 年度内, 朝一…)
against "now"; ``NAMED_DAYS`` the days people set a deadline by (クリスマス, 大晦日, 成人の日,
お盆, 正月休み…): a public holiday by the law's rule, an event day, or the first day of a holiday
season (its ``before`` day is the last working day ahead of it).
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


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday = 0) of a month: 成人の日 = the 2nd Monday of January."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _equinox(year: int, base: float) -> int:
    # the day-of-month of 春分の日 (base 20.8431) / 秋分の日 (23.2488), valid 1980–2099
    return int(base + 0.242194 * (year - 1980)) - (year - 1980) // 4


_FIXED: dict[tuple[int, int], tuple[str, ...]] = {
    (1, 1): ("元日", "元旦", "お正月", "正月", "年始"),
    (2, 3): ("節分",),
    (2, 11): ("建国記念の日", "建国記念日"),
    (2, 14): ("バレンタインデー", "バレンタイン"),
    (2, 23): ("天皇誕生日",),
    (3, 3): ("ひな祭り", "ひなまつり", "桃の節句"),
    (3, 14): ("ホワイトデー",),
    (4, 29): ("ゴールデンウィーク", "ゴールデンウイーク", "GW", "昭和の日"),
    (5, 3): ("憲法記念日",),
    (5, 4): ("みどりの日",),
    (5, 5): ("こどもの日", "子供の日", "端午の節句"),
    (7, 7): ("七夕",),
    (8, 11): ("山の日",),
    (8, 13): ("お盆休み", "お盆", "盆休み"),
    (10, 31): ("ハロウィン", "ハロウィーン"),
    (11, 3): ("文化の日",),
    (11, 15): ("七五三",),
    (11, 23): ("勤労感謝の日",),
    (12, 24): ("クリスマスイブ", "クリスマス・イブ", "クリスマスイヴ"),
    (12, 25): ("クリスマス",),
    (12, 29): ("正月休み", "年末年始休暇", "年末年始の休み", "年末年始休み", "年末年始"),
    (12, 31): ("大晦日", "大みそか", "おおみそか"),
}
_MOVABLE: dict[str, Callable[[int], date]] = {
    "成人の日": lambda y: nth_weekday(y, 1, 0, 2),
    "母の日": lambda y: nth_weekday(y, 5, 6, 2),
    "父の日": lambda y: nth_weekday(y, 6, 6, 3),
    "海の日": lambda y: nth_weekday(y, 7, 0, 3),
    "敬老の日": lambda y: nth_weekday(y, 9, 0, 3),
    "スポーツの日": lambda y: nth_weekday(y, 10, 0, 2),
    "体育の日": lambda y: nth_weekday(y, 10, 0, 2),
    "春分の日": lambda y: date(y, 3, _equinox(y, 20.8431)),
    "秋分の日": lambda y: date(y, 9, _equinox(y, 23.2488)),
}
#: Holiday seasons: 「正月までに」「お盆までに」 mean before they begin, not on their first day.
SEASONS: frozenset[str] = frozenset(
    {
        "お正月",
        "正月",
        "年始",
        "ゴールデンウィーク",
        "ゴールデンウイーク",
        "GW",
        "お盆休み",
        "お盆",
        "盆休み",
        "正月休み",
        "年末年始休暇",
        "年末年始の休み",
        "年末年始休み",
        "年末年始",
    }
)


def _on(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


NAMED_DAYS: dict[str, Callable[[int], date]] = {
    **{name: _on(m, d) for (m, d), names in _FIXED.items() for name in names},
    **_MOVABLE,
}


def named_day(name: str, today: date, *, before: bool = False, by: bool = False) -> date:
    """The next ``name`` day on or after today (this year's, else next year's); the day
    before it when asked for ``before`` it, or ``by`` a holiday season (it begins that day)."""
    rule = NAMED_DAYS[name]
    day = rule(today.year)
    day = day if day >= today else rule(today.year + 1)
    return day - timedelta(days=1) if before or (by and name in SEASONS) else day


#: Periods that are a limit however they are said (今週中 / 月末 / 朝一 …, not a bare 週末).
STRONG_PERIODS: frozenset[str] = frozenset(
    {
        "今日中",
        "本日中",
        "今夜中",
        "今晩中",
        "今週中",
        "今週いっぱい",
        "来週中",
        "来週いっぱい",
        "今月中",
        "今月いっぱい",
        "今月末",
        "今月末日",
        "月末",
        "月末日",
        "来月中",
        "来月末",
        "年内",
        "今年中",
        "年度内",
        "年度末",
        "朝一",
        "朝一番",
        "朝イチ",
        "朝いち",
        "明朝",
        "週明け",
    }
)


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
