"""The method's figures over plain rows (METHOD.md §7, §11, §12) — no Django, no database.

The Django side (``queries``) reads bounded rows once; everything here is arithmetic on
them, so it is tested without a database and gives the same figure on SQLite and
PostgreSQL. Codes stay codes (kinds, stages, labels, endings): the page turns them into
Japanese.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

#: Kinds whose ending counts for the fan rate (§7: complaints and unreasonable demands).
FAN_RATE_KINDS = frozenset({"complaint", "unreasonable_demand"})
FAN = "fan"
ENDINGS = ("trust_lost", "relationship_continues", "fan")
BACKGROUND_LABELS = ("customer_mistake", "bad_timing", "reliance")
LEGAL_LABELS = frozenset({"legal_threat", "damages_claim"})


class Bucket(StrEnum):
    """How a trend is grouped."""

    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open span ``[start, end)`` of aware datetimes."""

    start: datetime
    end: datetime

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseRow:
    """One case as the reports read it."""

    case_id: int
    kind: str
    stage: str
    opened_at: datetime
    closed_at: datetime | None = None
    channel: str | None = None
    labels: tuple[str, ...] = ()
    #: the latest recorded outcome's ending, if any
    ending: str | None = None
    referrals: int = 0
    new_contracts: int = 0
    #: the latest assessment decision of an unreasonable demand ("accept" / "decline")
    decision: str | None = None
    decline_early: bool = False
    #: business minutes to first response / resolution (``None``: not yet, or no clock)
    first_response_minutes: int | None = None
    resolution_minutes: int | None = None
    #: whether the clock met its target (``None``: no target or still running)
    first_response_met: bool | None = None
    resolution_met: bool | None = None
    satisfaction: int | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationRow:
    case_id: int
    raised_at: datetime
    accepted_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpRow:
    kind: str
    status: str
    due_at: datetime
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CoachingRow:
    shown: tuple[str, ...] = ()
    overridden: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """Median and 90th percentile of a list of durations (minutes or hours)."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendPoint:
    period: str
    closed: int
    fans: int
    rate: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DemandFigures:
    accepted: int
    declined: int
    declined_early: int
    accepted_endings: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationFigures:
    raised: int
    taken_over: int
    waiting: int
    hours_to_takeover: Summary


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpFigures:
    progress_reports_due: int
    progress_reports_on_time: int
    on_time_rate: float | None
    visits_done: int
    satisfaction: Summary
    satisfaction_scores: dict[int, int]
    referrals: int
    new_contracts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CoachLine:
    code: str
    shown: int
    overridden: int
    override_rate: float | None


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` as a share 0–1, ``None`` when there is nothing to divide."""
    return part / whole if whole else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation; ``None`` for no values."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: Iterable[float]) -> Summary:
    """Count, median and p90 of ``values``."""
    items = list(values)
    return Summary(count=len(items), median=percentile(items, 50), p90=percentile(items, 90))


def closed_in(cases: Iterable[CaseRow], period: Period) -> list[CaseRow]:
    """Cases closed inside ``period``."""
    start, end = period.start, period.end  # compared inline: this runs over every case
    return [case for case in cases if case.closed_at is not None and start <= case.closed_at < end]


def opened_in(cases: Iterable[CaseRow], period: Period) -> list[CaseRow]:
    """Cases opened inside ``period``."""
    start, end = period.start, period.end
    return [case for case in cases if start <= case.opened_at < end]


def _fan_rate_cases(cases: Iterable[CaseRow], period: Period) -> list[CaseRow]:
    return [case for case in closed_in(cases, period) if case.kind in FAN_RATE_KINDS]


def ending_counts(cases: Iterable[CaseRow], period: Period) -> dict[str, int]:
    """Endings ①②③ of the complaints and unreasonable demands closed in ``period``
    (a closed case without a recorded outcome counts under ``""``)."""
    counts = dict.fromkeys(ENDINGS, 0)
    for case in _fan_rate_cases(cases, period):
        key = case.ending if case.ending in counts else ""
        counts[key] = counts.get(key, 0) + 1
    return counts


def fan_rate(cases: Iterable[CaseRow], period: Period) -> float | None:
    """Share of ending ③ among the complaints and unreasonable demands closed in ``period``."""
    closed = _fan_rate_cases(cases, period)
    return rate(sum(1 for case in closed if case.ending == FAN), len(closed))


def bucket_of(moment: datetime, *, bucket: Bucket, tz: tzinfo) -> str:
    """The trend bucket of ``moment`` in local time: ``2026-11`` or the ISO week's Monday."""
    local = moment.astimezone(tz).date()
    if bucket is Bucket.MONTH:
        return f"{local:%Y-%m}"
    monday = local - timedelta(days=local.weekday())
    return monday.isoformat()


def _buckets(period: Period, *, bucket: Bucket, tz: tzinfo) -> list[str]:
    names: list[str] = []
    day: date = period.start.astimezone(tz).date()
    last = (period.end - timedelta(microseconds=1)).astimezone(tz).date()
    while day <= last:
        name = bucket_of(
            datetime(day.year, day.month, day.day, 12, tzinfo=tz), bucket=bucket, tz=tz
        )
        if not names or names[-1] != name:
            names.append(name)
        day += timedelta(days=1)
    return names


def fan_trend(
    cases: Iterable[CaseRow], period: Period, *, bucket: Bucket, tz: tzinfo
) -> list[TrendPoint]:
    """The fan rate per week or month of ``period``, every bucket listed (zeros too)."""
    counts = []
    for case in _fan_rate_cases(cases, period):
        assert case.closed_at is not None  # closed_in keeps closed cases only
        counts.append((bucket_of(case.closed_at, bucket=bucket, tz=tz), 1, int(case.ending == FAN)))
    return trend_of(counts, period, bucket=bucket, tz=tz)


def trend_of(
    counts: Iterable[tuple[str, int, int]], period: Period, *, bucket: Bucket, tz: tzinfo
) -> list[TrendPoint]:
    """``fan_trend`` from ``(bucket, closed, fans)`` counts (a bucket may come more than once)."""
    closed: Counter[str] = Counter()
    fans: Counter[str] = Counter()
    for name, n, fan in counts:
        closed[name] += n
        fans[name] += fan
    return [
        TrendPoint(
            period=name, closed=closed[name], fans=fans[name], rate=rate(fans[name], closed[name])
        )
        for name in _buckets(period, bucket=bucket, tz=tz)
    ]


def response_times(cases: Iterable[CaseRow], period: Period) -> dict[str, Summary]:
    """Business minutes to first response (cases opened in ``period``) and to resolution
    (cases closed in ``period``)."""
    cases = list(cases)
    first = [c.first_response_minutes for c in opened_in(cases, period)]
    resolved = [c.resolution_minutes for c in closed_in(cases, period)]
    return {
        "first_response": summarise(v for v in first if v is not None),
        "resolution": summarise(v for v in resolved if v is not None),
    }


def sla_attainment(cases: Iterable[CaseRow], period: Period) -> dict[str, float | None]:
    """Share of measured clocks that met their target: first response for cases opened in
    ``period``, resolution for cases closed in it."""
    cases = list(cases)
    first = [c.first_response_met for c in opened_in(cases, period)]
    resolved = [c.resolution_met for c in closed_in(cases, period)]
    first_known = [met for met in first if met is not None]
    resolved_known = [met for met in resolved if met is not None]
    return {
        "first_response": rate(sum(first_known), len(first_known)),
        "resolution": rate(sum(resolved_known), len(resolved_known)),
    }


def count_by(values: Iterable[str | None]) -> dict[str, int]:
    """How often each value occurs, most frequent first (``None`` as ``""``)."""
    counts = Counter(value or "" for value in values)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def tally(pairs: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    """``count_by`` of values the database already counted: ``(value, count)`` pairs
    (a value may come more than once; ``None`` and ``""`` are the same)."""
    counts: Counter[str] = Counter()
    for value, n in pairs:
        counts[value or ""] += n
    return dict(sorted(((k, n) for k, n in counts.items() if n), key=lambda i: (-i[1], i[0])))


def ending_tally(pairs: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    """``ending_counts`` from ``(ending, count)`` pairs of closed complaints and demands."""
    counts = dict.fromkeys(ENDINGS, 0)
    for ending, n in pairs:
        key = ending if ending in counts else ""
        counts[key] = counts.get(key, 0) + n
    return counts


def volume(cases: Iterable[CaseRow], period: Period) -> dict[str, dict[str, int]]:
    """Cases opened in ``period`` by kind, channel, background and analyzer label."""
    opened = opened_in(cases, period)
    background = [label for c in opened for label in c.labels if label in BACKGROUND_LABELS]
    labels = [label for c in opened for label in c.labels if label not in BACKGROUND_LABELS]
    return {
        "kind": count_by(c.kind for c in opened),
        "channel": count_by(c.channel for c in opened),
        "background": count_by(background),
        "label": count_by(labels),
    }


def open_by_stage(cases: Iterable[CaseRow]) -> dict[str, int]:
    """Open cases by stage: where do cases stall?"""
    return count_by(c.stage for c in cases if c.is_open)


def demand_figures(cases: Iterable[CaseRow], period: Period) -> DemandFigures:
    """Unreasonable demands opened in ``period``: accepted vs declined (early), and how
    the accepted ones ended."""
    demands = [c for c in opened_in(cases, period) if c.kind == "unreasonable_demand"]
    accepted = [c for c in demands if c.decision == "accept"]
    declined = [c for c in demands if c.decision == "decline"]
    endings = count_by(c.ending for c in accepted if c.closed_at is not None)
    return DemandFigures(
        accepted=len(accepted),
        declined=len(declined),
        declined_early=sum(1 for c in declined if c.decline_early),
        accepted_endings=endings,
    )


def escalation_figures(rows: Iterable[EscalationRow], period: Period) -> EscalationFigures:
    """Escalations raised in ``period`` and the hours until a supervisor took them over."""
    raised = [row for row in rows if row.raised_at in period]
    taken = [row for row in raised if row.accepted_at is not None]
    hours = [
        (row.accepted_at - row.raised_at) / timedelta(hours=1)
        for row in taken
        if row.accepted_at is not None
    ]
    return EscalationFigures(
        raised=len(raised),
        taken_over=len(taken),
        waiting=len(raised) - len(taken),
        hours_to_takeover=summarise(hours),
    )


def incidents_by_type(labels: Iterable[Iterable[str]]) -> dict[str, int]:
    """カスハラ incidents by type (one incident may carry several types)."""
    return count_by(label for row in labels for label in row)


def followup_figures(
    rows: Iterable[FollowUpRow], cases: Iterable[CaseRow], period: Period, *, now: datetime
) -> FollowUpFigures:
    """Progress reports due in ``period`` done on time, after-follow visits done,
    satisfaction scores, referrals and new contracts of cases closed in ``period``."""
    closed = closed_in(cases, period)
    return followups_of(
        rows,
        period,
        now=now,
        scores=[c.satisfaction for c in closed if c.satisfaction is not None],
        referrals=sum(c.referrals for c in closed),
        new_contracts=sum(c.new_contracts for c in closed),
    )


def followups_of(
    rows: Iterable[FollowUpRow],
    period: Period,
    *,
    now: datetime,
    scores: Sequence[int],
    referrals: int,
    new_contracts: int,
) -> FollowUpFigures:
    """``followup_figures`` with the closed cases' part already summed (``scores``: the
    satisfaction of each closed case that has one)."""
    rows = list(rows)
    due = [
        r
        for r in rows
        # A skipped report was cancelled (the stage moved on); an open one not yet due
        # cannot be late yet.
        if r.kind == "progress_report"
        and r.due_at in period
        and (r.status == "done" or (r.status == "open" and r.due_at < now))
    ]
    on_time = [
        r for r in due if r.status == "done" and r.done_at is not None and r.done_at <= r.due_at
    ]
    visits = [r for r in rows if r.kind == "visit" and r.status == "done" and r.done_at in period]
    scores = list(scores)
    return FollowUpFigures(
        progress_reports_due=len(due),
        progress_reports_on_time=len(on_time),
        on_time_rate=rate(len(on_time), len(due)),
        visits_done=len(visits),
        satisfaction=summarise(scores),
        satisfaction_scores={score: scores.count(score) for score in range(1, 6)},
        referrals=referrals,
        new_contracts=new_contracts,
    )


def coach_figures(rows: Iterable[CoachingRow]) -> list[CoachLine]:
    """Reply-coach findings shown vs overridden, by finding code, most shown first."""
    shown: Counter[str] = Counter()
    overridden: Counter[str] = Counter()
    for row in rows:
        shown.update(set(row.shown))
        overridden.update(set(row.overridden))
    codes = sorted(shown.keys() | overridden.keys(), key=lambda code: (-shown[code], code))
    return [
        CoachLine(
            code=code,
            shown=shown[code],
            overridden=overridden[code],
            override_rate=rate(overridden[code], shown[code]),
        )
        for code in codes
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFigures:
    """Every figure of a report that comes from the cases themselves — from ``CaseRow``s
    by ``case_figures`` (the reference), or counted by the database (``aggregates``)."""

    endings: dict[str, int]
    trend: list[TrendPoint]
    times: dict[str, Summary]
    sla: dict[str, float | None]
    volume: dict[str, dict[str, int]]
    demands: DemandFigures
    #: satisfaction (1–5) of each case closed in the period that has one
    satisfaction: list[int]
    referrals: int
    new_contracts: int

    @property
    def closed(self) -> int:
        """Complaints and unreasonable demands closed in the period."""
        return sum(self.endings.values())

    @property
    def fan_rate(self) -> float | None:
        return rate(self.endings.get(FAN, 0), self.closed)


def case_figures(
    cases: Iterable[CaseRow], period: Period, *, bucket: Bucket, tz: tzinfo
) -> CaseFigures:
    """The case figures of ``period`` from plain rows: the definitions, one by one."""
    cases = list(cases)
    closed = closed_in(cases, period)
    return CaseFigures(
        endings=ending_counts(cases, period),
        trend=fan_trend(cases, period, bucket=bucket, tz=tz),
        times=response_times(cases, period),
        sla=sla_attainment(cases, period),
        volume=volume(cases, period),
        demands=demand_figures(cases, period),
        satisfaction=sorted(c.satisfaction for c in closed if c.satisfaction is not None),
        referrals=sum(c.referrals for c in closed),
        new_contracts=sum(c.new_contracts for c in closed),
    )
