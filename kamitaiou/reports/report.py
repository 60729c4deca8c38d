"""One report: the viewer's cases narrowed by the filter, counted by the database
(``aggregates``), turned into tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from kamitaiou.cases.models import Case
from kamitaiou.reports import aggregates, queries
from kamitaiou.reports import figures as f
from kamitaiou.reports.access import report_cases
from kamitaiou.reports.forms import local_tz
from kamitaiou.reports.tables import Rows, Table, build_tables


@dataclass
class Report:
    period: f.Period
    fan_rate: float | None
    closed: int
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def filtered_cases(user: Any, data: dict[str, Any]) -> QuerySet[Case]:
    """``report_cases`` narrowed by a valid ``ReportForm``'s team, person and kind."""
    cases = report_cases(user)
    if data.get("team") is not None:
        cases = cases.filter(team=data["team"])
    if data.get("person") is not None:
        cases = cases.filter(assignee=data["person"])
    if data.get("kind"):
        cases = cases.filter(kind=data["kind"])
    return cases


def build_report(user: Any, data: dict[str, Any], *, now: datetime) -> Report:
    period: f.Period = data["range"]
    cases = filtered_cases(user, data)
    rows = Rows(
        cases=aggregates.case_figures(cases, period, bucket=data["bucket"], tz=local_tz(), now=now),
        escalations=queries.escalation_rows(cases, period),
        incidents=list(queries.incident_labels(cases, period)),
        followups=queries.followup_rows(cases, period),
        coaching=queries.coaching_rows(cases, period),
        open_stages=queries.open_stages(cases, period),
    )
    return Report(
        period=period,
        fan_rate=rows.cases.fan_rate,
        closed=rows.cases.closed,
        tables=build_tables(rows, period, bucket=data["bucket"], now=now),
    )
