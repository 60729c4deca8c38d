"""The monthly recurrence review per team (issue 16, item 7): incidents by category and
verdict, time to the supervisor, restrictions in force — and two counts the consultation
desk's side fills through ``register_desk_count`` (check-ins done, consultations
received; counts only, never who).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from kamitaiou.method.protection import categories as cat
from kamitaiou.method.protection import procedure as proc
from kamitaiou.protection.models import Incident, Restriction, Status

#: The hook for the desk side: ``register_desk_count(name, count)`` where
#: ``count(team, start, end) -> int`` counts in ``[start, end)``. Names shown here:
DESK_COUNTS = ("checkins_done", "consultations_received")
DeskCount = Callable[[Any, datetime, datetime], int]
_desk_counts: dict[str, DeskCount] = {}


def register_desk_count(name: str, count: DeskCount) -> None:
    """Fill one of ``DESK_COUNTS`` (the check-ins and consultations modules call this in
    the app's ``ready()``); a name nobody registered shows as 「—」."""
    if name not in DESK_COUNTS:
        raise ValueError(f"unknown desk count {name!r}; expected one of {DESK_COUNTS}")
    _desk_counts[name] = count


def unregister_desk_count(name: str) -> None:
    _desk_counts.pop(name, None)


def month_bounds(first_day: date) -> tuple[datetime, datetime]:
    """The month starting ``first_day`` as aware datetimes in the site's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    nxt = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, datetime.combine(nxt, time.min, tzinfo=zone)


@dataclass
class TeamMonth:
    """One team's figures for one month."""

    team: Any
    recorded: int = 0
    drafts: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    minutes_to_supervisor: list[float] = field(default_factory=list)
    restrictions_in_force: int = 0
    desk: dict[str, int | None] = field(default_factory=dict)

    @property
    def median_minutes(self) -> float | None:
        if not self.minutes_to_supervisor:
            return None
        return round(statistics.median(self.minutes_to_supervisor), 1)

    @property
    def handed_over(self) -> int:
        return len(self.minutes_to_supervisor)


def _month_incidents(teams: Iterable[Any], start: datetime, end: datetime) -> list[Incident]:
    return list(
        Incident.objects.filter(case__team__in=teams, occurred_at__gte=start, occurred_at__lt=end)
        .select_related("case")
        .prefetch_related("steps")
    )


def team_months(teams: Iterable[Any], first_day: date) -> list[TeamMonth]:
    """The figures of every team in ``teams`` for the month starting ``first_day``."""
    teams = list(teams)
    start, end = month_bounds(first_day)
    rows = {team.pk: TeamMonth(team=team) for team in teams}
    for incident in _month_incidents(teams, start, end):
        row = rows[incident.case.team_id]
        row.recorded += 1
        if incident.status == Status.DRAFT:
            row.drafts += 1
            continue
        row.verdicts[incident.verdict] = row.verdicts.get(incident.verdict, 0) + 1
        for category in cat.ordered(incident.categories):
            row.by_category[category] = row.by_category.get(category, 0) + 1
        for step in incident.steps.all():
            if step.step == proc.Step.HAND_TO_SUPERVISOR:
                seconds = max((step.at - incident.occurred_at).total_seconds(), 0.0)
                row.minutes_to_supervisor.append(seconds / 60)
    in_force = Restriction.objects.filter(
        Q(lifted_at__isnull=True) | Q(lifted_at__gte=end),
        customer__team__in=teams,
        decided_at__lt=end,
    ).values_list("customer__team_id", flat=True)
    for team_id in in_force:
        rows[team_id].restrictions_in_force += 1
    for row in rows.values():
        for name in DESK_COUNTS:
            count = _desk_counts.get(name)
            row.desk[name] = count(row.team, start, end) if count is not None else None
    return [rows[team.pk] for team in teams]


HEADERS = [
    "チーム",
    "月",
    "記録数",
    "下書き",
    "カスハラ該当",
    "正当なクレーム",
    "要検討",
    *[cat.CATEGORY_JA[c] for c in cat.Category],
    "上長への引継ぎ件数",
    "上長への引継ぎまで（分・中央値）",
    "月末時点の対応制限",
    "ケア面談の実施数",
    "相談窓口の受付数",
]


def table(rows: Iterable[TeamMonth], first_day: date) -> list[list[Any]]:
    """The report as rows for CSV/.xlsx (headers first)."""
    out: list[list[Any]] = [HEADERS]
    for row in rows:
        out.append(
            [
                row.team.name,
                first_day.strftime("%Y-%m"),
                row.recorded,
                row.drafts,
                row.verdicts.get(cat.Verdict.HARASSMENT, 0),
                row.verdicts.get(cat.Verdict.LEGITIMATE_COMPLAINT, 0),
                row.verdicts.get(cat.Verdict.TO_REVIEW, 0),
                *[row.by_category.get(c, 0) for c in cat.Category],
                row.handed_over,
                row.median_minutes,
                row.restrictions_in_force,
                *[row.desk.get(name) for name in DESK_COUNTS],
            ]
        )
    return out
