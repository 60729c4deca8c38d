"""Time expressions → due datetimes in Asia/Tokyo, relative to ``now``.

Interpretations (also in docs/analyzer.md). "EOD" is 23:59:59 of that day. Weeks run
Monday→Sunday (ISO). Japanese public holidays are not considered.

=========================  ====================================================
expression                 due
=========================  ====================================================
今日中 / 本日中 / 今日       today EOD
今夜 / 今晩 / 今夜中         today EOD (the evening ends the day)
明日 / 明日中 / 明日まで     tomorrow EOD
明後日 / あさって            today + 2 days, EOD
明日の朝一 / 明朝            tomorrow 09:00 (first thing = start of business)
朝一 (alone)                next 09:00 strictly after now
<day>の朝                    that day 09:00
午前中 / <day>の午前中       12:00 of that day (alone: today if before noon, else tomorrow)
<day>の昼 / 正午             12:00
<day>の午後                  18:00
夕方 / <day>の夕方           18:00 (alone: today if before 18:00, else tomorrow)
<day>の夜 / 晩               EOD of that day
N時 / N時半 / 午後N時         that clock time today, or tomorrow if already past
                            (午後/夕方/夜 add 12 h to 1–11; a bare 1–6時 is p.m.:
                            nobody asks for 3 a.m.; 朝6時 stays 06:00)
<day>、<time>                one expression (来週の水曜、午前中 → that Wednesday 12:00)
M月D日(金) / D日の金曜日       the date; the weekday beside it names the same day
昼まで / お昼まで / 正午       12:00 today, or tomorrow if already past
M月頭 / 初め / 初旬 / 月初     the 1st of that month (月初: of next month) EOD
M月上旬 / 中旬 / 下旬 / 末(日)  the 10th / 20th / last day EOD; 今月 / 来月 likewise; a
                            named month over more than 6 months ago is a past mention
M月第N週 / 来月第N週          the Sunday EOD of the Nth Monday–Sunday week (the first
                            holds the 1st)
前日 / 前々日 (after a day)    1 / 2 days before the day named last before it, EOD
クリスマス / 大晦日 / 成人の日  the next such day EOD (public holidays by the law's rule,
  母の日 / 七五三 …             event days); …前(に) / …より前 / …に入る前: the day before;
お盆 / 正月休み / GW …         a holiday season: …まで(に) and …前 both mean the day
                            before it begins (正月休み = 12/29, so 12/28 EOD);
                            …に間に合うように is strong
…のうちに                    as …中 (a strong suffix)
N分以内 / N時間以内           now + N minutes / hours (exact)
N日以内                      EOD of today + N days (3日以内 on Mon 09:00 → Thu EOD)
N週間以内 / Nか月以内         EOD of today + 7N days / + N months
N営業日以内                   EOD after N weekdays (Sat/Sun skipped)
今週中 / 今週末 / 週末まで     Sunday EOD of this week (on Friday → +2 days;
                            on Sunday → today)
来週中 / 来週まで / 来週末     Sunday EOD of next week
来週 (alone)                 not a deadline (names no day: 「来週お電話します」)
週明け                       Monday EOD of next week (on Monday → next Monday)
今週の<曜日>                 that weekday of this week; if already past, next week's
来週の<曜日>                 that weekday of next week (on Sunday, 来週の月曜 = tomorrow)
<曜日> / <曜日>までに          next such weekday strictly after today, EOD
M月D日                       that date EOD this year (next year if already past)
D日まで / 来月のD日           day D of this month (next month if past) / of next month
D日に (asking)                the same (not 1日に2回, 2、3日に, 毎月25日に)
月末 / 今月中 / 今月末         last day of this month EOD (on the 30th of Nov → today)
来月中 / 来月末               last day of next month EOD
年内 / 年末 / 今年中           31 December EOD (on 31 December → today)
年度内 / 年度末               31 March EOD of the fiscal year (April–March)
至急 / 早急 / すぐ / 今すぐ    not a deadline (no resolvable time): counted as urgency
=========================  ====================================================

Whether a time expression is a *deadline* is decided by the detector: strong forms
(…中, …まで(に), …以内, 月末, 年内, 朝一…) always are; a bare day or clock time
(明日, 月曜, 15時に) is a deadline only when its clause asks for something and is not in
the past. Never deadlines: a range end (10時から5時まで), a start time (8時半から), a date
for a document (完了日を3月31日に / 11月30日付け), the operator's or the customer's own
promise (本日中に折り返す旨お伝え / 来週中に当方よりお送りいたします); 先月末 and 年末調整
are not 月末 / 年末.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import NamedTuple

from kamitaiou.analysis.days import (
    NAMED_DAYS,
    PERIODS,
    STRONG_PERIODS,
    TOKYO,
    add_months,
    after_duration,
    at,
    eod,
    month_end,
    named_day,
    next_weekday,
)

__all__ = ["TOKYO", "TimeExpr", "find_time_expressions", "to_int"]
_WEEKDAYS = "月火水木金土日"
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}

_NUM = r"(?:\d{1,3}|[一二三四五六七八九十〇]{1,3})"
# 「12月5日(金)」「20日の金曜日」: the weekday beside a date names the same day
_WD_TAG = r"(?:[（(][月火水木金土日](?:曜日?)?[)）]|の?[月火水木金土日]曜日?)?"
# 「12月頭」「来月上旬」「12月第一週」: a part of a named month
_MONTH_PART = (
    rf"(?:(?P<pmo>{_NUM})月|(?P<prel>今月|来月|再来月))の?"
    r"(?:(?P<part>頭|初め|はじめ|初旬|上旬|中旬|下旬|末日|末)|第(?P<wn>[1-5一二三四五])週目?)"
)
_DAY = (
    r"(?P<day>今日|本日|明日|あした|あす|明後日|あさって|明々後日|しあさって)"
    r"|(?:(?P<wk>今週|来週|再来週)の?)?(?<!先週の)(?<!先週)(?<!前の)(?P<wd>[月火水木金土日])曜日?"
    rf"|(?P<mo>{_NUM})月(?P<md>{_NUM})日{_WD_TAG}"
    rf"|(?P<nm>今月|来月)の?(?P<dd2>{_NUM})日{_WD_TAG}"
    rf"|(?P<dd3>{_NUM})日[（(]?の?[月火水木金土日](?:曜日?)?[)）]?"
    # 「15日まで」「15日に来て」 — not 「1日に2回」「3日に一度」, 「2、3日に」 (two or three
    # days) nor 「毎月25日に」
    r"|(?<![\d一二三四五六七八九十〇])(?<!\d、)(?<!\d,)(?<!毎月)"
    rf"(?P<dd>{_NUM})日(?=まで|迄|中|に(?![\d一二三四五六七八九十〇何数]))"
)
_CLOCK = (
    rf"(?P<ampm>午前|午後|朝|夕方|夜)?(?P<h>{_NUM})時(?:(?P<mi>{_NUM})分|(?P<half>半))?"
    r"(?!間)"
)
_TOD = r"(?P<tod>朝一番?|朝イチ|朝いち|朝|午前中|午前|正午|昼|午後|夕方|夜中|夜|晩)"
_PERIOD = (
    r"(?P<period>今日中|本日中|今夜中?|今晩中?|明朝|今週中|今週いっぱい|今週末|週末|"
    r"来週中|来週いっぱい|来週末|来週(?!の?[月火水木金土日]曜)|週明け|今月中|今月いっぱい|今月末日|今月末|(?<!先)(?<!先々)月末日|(?<!先)(?<!先々)月末|来月中|来月末|"
    r"年内|年末(?!調整|年始)|今年中|年度内|年度末|朝一番?|朝イチ|朝いち|午前中|夕方(?!\d|[一二三四五六七八九十]+時)|"
    r"昼(?=まで|迄)|正午|月初め?)"
)
_NAMES = "|".join(re.escape(n) for n in sorted(NAMED_DAYS, key=len, reverse=True))
# 「クリスマスまでに」「正月休みに入る前に」「成人の日より前に」「母の日に間に合うように」
_NAMED = (
    rf"(?P<named>{_NAMES})"
    r"(?:(?P<before>(?:の|に入る|が始まる|より)?前)|(?P<intime>に間に合(?:うよう|わせて|わせ)))?"
)
_DURATION = (
    rf"(?P<n>{_NUM})\s*(?P<unit>分|時間|日|週間|ヶ月|か月|カ月|ヵ月|ケ月|箇月|営業日)"
    r"(?P<within>以内|のうちに|内に|中に|で)"
)
_SUFFIX = r"(?P<suf>中に|中|いっぱい|までに|まで|迄に|迄|のうちに|うちに|には|に|頃|ごろ|で)?"

_CLOCK_ALONE = (
    rf"(?P<ampm2>午前|午後|朝|夕方|夜)?(?P<h2>{_NUM})時(?:(?P<mi2>{_NUM})分|(?P<half2>半))?"
    r"(?!間)"
)
# No alternative can match the empty string, so the scan skips most positions quickly.
_PATTERN = re.compile(
    rf"(?:{_DURATION})|(?:{_MONTH_PART}|{_PERIOD}|{_NAMED}|(?:{_DAY})(?:(?:の|、)?(?:{_CLOCK}|{_TOD}))?"
    rf"|{_CLOCK_ALONE}|(?P<prev>前々日|前日|前の日)){_SUFFIX}"
)
_TRIGGER = re.compile(
    r"\d|[一二三四五六七八九十]{1,3}(?:分|時|日|週|か月|ヶ月|カ月|営業日)|今日|本日|明日|あした|あす|"
    r"明後日|あさって|明々後日|今週|来週|週明け|週末|[月火水木金土日]曜|月\d|今月|来月|月末|年内|年末|"
    r"今年|年度|朝|午前|午後|正午|昼|夕方|今夜|今晩|明朝|夜|晩|月初|" + _NAMES
)
# Every character a match of _PATTERN or _TRIGGER can start with (a superset; a test
# checks it). The regex engine finds these in C; the big alternations are then tried only
# at those positions instead of at every character of the text.
_FIRST = re.compile(
    r"[\d一二三四五六七八九十〇今本明あし来再週月火水木金土日年朝午正昼夕夜晩前"
    + re.escape("".join(sorted({n[0] for n in NAMED_DAYS})))
    + "]"
)
_STRONG_SUFFIXES = frozenset(
    {"中", "中に", "いっぱい", "までに", "まで", "迄に", "迄", "のうちに", "うちに"}
)


class TimeExpr(NamedTuple):
    """A time expression found in a normalised text, resolved to a due datetime."""

    start: int
    end: int
    text: str
    due: datetime
    strong: bool


def to_int(text: str) -> int:
    """Parse ASCII digits or simple kanji numerals (一…九十九)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _KANJI_DIGITS.get(ones, 0) if ones else 0
        )
    value = 0
    for ch in text:
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


def _month_part(m: re.Match[str], today: date) -> datetime | None:
    """「12月頭」「来月上旬」「今月下旬」「12月第一週」 → EOD of the part's last day.

    頭 / 初め / 初旬 → the 1st; 上旬 → the 10th; 中旬 → the 20th; 下旬 / 末 → the last day;
    第N週 → the Sunday of the Nth Monday-to-Sunday week (the first is the one holding the
    1st). A named month already over is next year's.
    """
    if m.group("pmo"):
        month = to_int(m.group("pmo"))
        if not 1 <= month <= 12:
            return None
        first = date(today.year, month, 1)
        if month_end(first.year, first.month) < today:
            first = first.replace(year=today.year + 1)
            if (first - today).days > 183:
                return None  # 「10月末に請求いただいた」 in November: a month gone by
    else:
        ahead = {"今月": 0, "来月": 1, "再来月": 2}[m.group("prel")]
        first = add_months(today.replace(day=1), ahead)
    if m.group("wn"):
        week = to_int(m.group("wn").translate(str.maketrans("一二三四五", "12345")))
        return eod(first + timedelta(days=6 - first.weekday() + 7 * (week - 1)))
    part = m.group("part")
    if part in {"頭", "初め", "はじめ", "初旬"}:
        return eod(first)
    if part in {"上旬", "中旬"}:
        return eod(first.replace(day=10 if part == "上旬" else 20))
    return eod(month_end(first.year, first.month))


_DAY_OFFSETS = {
    "今日": 0,
    "本日": 0,
    "明日": 1,
    "あした": 1,
    "あす": 1,
    "明後日": 2,
    "あさって": 2,
    "明々後日": 3,
    "しあさって": 3,
}


def _weekday_date(m: re.Match[str], today: date) -> date:
    weekday = _WEEKDAYS.index(m.group("wd"))
    wk = m.group("wk")
    if wk is None:
        return next_weekday(today, weekday)
    monday = today - timedelta(days=today.weekday())
    weeks = {"今週": 0, "来週": 1, "再来週": 2}[wk]
    target = monday + timedelta(days=7 * weeks + weekday)
    return target if target >= today else target + timedelta(days=7)


def _calendar_date(m: re.Match[str], today: date) -> date | None:
    month, dom = to_int(m.group("mo")), to_int(m.group("md"))
    try:
        target = date(today.year, month, dom)
    except ValueError:
        return None
    return target if target >= today else target.replace(year=today.year + 1)


def _day_of_month(m: re.Match[str], today: date, dd_text: str) -> date | None:
    base = today.replace(day=1)
    if m.group("nm") == "来月":
        base = add_months(base, 1)
    dom = to_int(dd_text)
    if not 1 <= dom <= month_end(base.year, base.month).day:
        return None
    target = base.replace(day=dom)
    if target < today and m.group("nm") is None:
        target = add_months(target, 1)
    return target


def _day(m: re.Match[str], today: date) -> date | None:
    if m.group("day"):
        return today + timedelta(days=_DAY_OFFSETS[m.group("day")])
    if m.group("wd"):
        return _weekday_date(m, today)
    if m.group("mo"):
        return _calendar_date(m, today)
    dd_text = m.group("dd2") or m.group("dd3") or m.group("dd")
    return _day_of_month(m, today, dd_text) if dd_text else None


def _clock_hour(m: re.Match[str]) -> tuple[int, int] | None:
    suffix = "" if m.group("h") else "2"
    if not m.group("h" + suffix):
        return None
    hour = to_int(m.group("h" + suffix))
    minute_text = m.group("mi" + suffix)
    minute = 30 if m.group("half" + suffix) else to_int(minute_text) if minute_text else 0
    ampm = m.group("ampm" + suffix)
    if (ampm in {"午後", "夕方", "夜"} or (ampm is None and 1 <= hour <= 6)) and hour < 12:
        hour += 12  # nobody asks for 3 a.m.: a bare 1–6 o'clock is the afternoon
    if hour > 24 or minute > 59:
        return None
    return hour, minute


_TOD_HOURS = {
    "朝": 9,
    "朝一": 9,
    "朝一番": 9,
    "朝イチ": 9,
    "朝いち": 9,
    "午前": 12,
    "午前中": 12,
    "正午": 12,
    "昼": 12,
    "午後": 18,
    "夕方": 18,
}


def _resolve_day_time(m: re.Match[str], now: datetime) -> datetime | None:
    today = now.date()
    day = _day(m, today)
    clock = _clock_hour(m)
    tod = m.group("tod")
    if day is None:
        if clock is None:
            return None
        due = at(today, *clock)
        return due if due > now else at(today + timedelta(days=1), *clock)
    if clock is not None:
        return at(day, *clock)
    if tod and tod in _TOD_HOURS:
        return at(day, _TOD_HOURS[tod])
    return eod(day)


def _matches(text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``_PATTERN.finditer(text)``, trying only the given candidate start positions
    (no alternative of _PATTERN matches the empty string)."""
    pos = 0
    for i in starts:
        if i < pos:
            continue  # inside the previous match: finditer does not overlap
        m = _PATTERN.match(text, i)
        if m is not None:
            yield m
            pos = m.end()


def find_time_expressions(text: str, now: datetime) -> list[TimeExpr]:
    """Find and resolve every time expression of a normalised text (see the table above)."""
    now = now.astimezone(TOKYO)
    found: list[TimeExpr] = []
    starts = [m.start() for m in _FIRST.finditer(text)]
    if not any(_TRIGGER.match(text, i) for i in starts):
        return found
    for m in _matches(text, starts):
        suffix = m.group("suf") or ""
        strong = suffix in _STRONG_SUFFIXES
        due: datetime | None
        if m.group("n"):
            due = after_duration(to_int(m.group("n")), m.group("unit"), now)
            strong = m.group("within") != "で"
        elif m.group("part") or m.group("wn"):
            due = _month_part(m, now.date())
        elif m.group("prev"):
            # 「12月5日の式の前日までに」: the day before the last day named before it
            if not found:
                continue
            back = 2 if m.group("prev") == "前々日" else 1
            due = eod(found[-1].due.date() - timedelta(days=back))
        elif m.group("named"):
            intime = bool(m.group("intime"))
            due = eod(
                named_day(
                    m.group("named"),
                    now.date(),
                    before=bool(m.group("before")),
                    by=strong or intime,
                )
            )
            strong = strong or intime
        elif m.group("period"):
            period = m.group("period")
            due = PERIODS[period](now)
            strong = strong or period in STRONG_PERIODS
            if period == "来週" and not strong:
                # 「来週お電話します」「来週でいいので」: a bare 来週 names no day and no
                # limit, so it is no deadline; 来週まで(に) / 来週中 / 来週の月曜 are.
                continue
        else:
            due = _resolve_day_time(m, now)
            tod = m.group("tod") or ""
            strong = strong or tod.startswith("朝一") or tod in {"朝イチ", "朝いち", "午前中"}
        if due is None:
            continue
        end = m.end()
        if suffix in {"に", "には", "で", "ごろ", "頃"}:
            end = m.start("suf")
        found.append(TimeExpr(m.start(), end, text[m.start() : end], due, strong))
    return found
