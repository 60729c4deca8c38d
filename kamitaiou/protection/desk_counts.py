"""Counts for the monthly recurrence report (counts only — never who, never what).

Registered with ``protection.report.register_desk_count`` (``desk_hooks``), so they take
the report's ``count(team, start, end)``: ``[start, end)`` is the month as the report cuts
it (``report.month_bounds``, Tokyo time). ``team`` is a ``Team``, its id, or ``None`` for
every team.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kamitaiou.protection.desk_models import CheckIn, Consultation


def _team_id(team: Any) -> int | None:
    return getattr(team, "pk", team)


def checkins_done(team: Any, start: datetime, end: datetime) -> int:
    """Check-ins held (recorded as done) in ``[start, end)`` for incidents of ``team``'s
    cases."""
    qs = CheckIn.objects.filter(status=CheckIn.Status.DONE, closed_at__gte=start, closed_at__lt=end)
    team_id = _team_id(team)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs.count()


def consultations_received(team: Any, start: datetime, end: datetime) -> int:
    """Consultations filed in ``[start, end)`` by members of ``team`` (their team when
    filing)."""
    qs = Consultation.objects.filter(filed_at__gte=start, filed_at__lt=end)
    team_id = _team_id(team)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs.count()
