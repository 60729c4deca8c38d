"""Counts for the monthly recurrence report (counts only — never who, never what).

``month`` is any ``date`` (or ``datetime``) in the month; months run in Tokyo time (the
project's ``TIME_ZONE``). ``team`` is a ``Team``, its id, or ``None`` for every team.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from kamitaiou.protection.desk_models import CheckIn, Consultation


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The aware start of ``month`` and of the month after it, in the current time zone."""
    first = date(month.year, month.month, 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(following, time.min, tzinfo=zone),
    )


def _team_id(team: Any) -> int | None:
    return getattr(team, "pk", team)


def checkins_done(team: Any, month: date) -> int:
    """Check-ins held (recorded as done) in ``month`` for incidents of ``team``'s cases."""
    start, end = month_bounds(month)
    qs = CheckIn.objects.filter(status=CheckIn.Status.DONE, closed_at__gte=start, closed_at__lt=end)
    team_id = _team_id(team)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs.count()


def consultations_received(team: Any, month: date) -> int:
    """Consultations filed in ``month`` by members of ``team`` (their team when filing)."""
    start, end = month_bounds(month)
    qs = Consultation.objects.filter(filed_at__gte=start, filed_at__lt=end)
    team_id = _team_id(team)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs.count()
