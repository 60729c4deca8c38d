"""Plain rows for the figures, read in a fixed number of bounded queries.

Every query starts from the viewer's ``report_cases`` (so from ``cases.access``) and is
limited to the period — cases opened or closed in it, plus the cases open now (for
"where do cases stall?"). The indexes ``report_case_opened`` / ``report_case_closed``
(migration 0001 of this app) serve the period filters.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from kamitaiou.cases.models import (
    Case,
    DemandAssessment,
    Escalation,
    HarassmentIncident,
    OutcomeRecord,
    ReplyCoaching,
)
from kamitaiou.followups.models import FollowUp, SlaPause
from kamitaiou.reports import clock_cache
from kamitaiou.reports.figures import CaseRow, CoachingRow, EscalationRow, FollowUpRow, Period
from kamitaiou.reports.models import ReportClock

CHUNK = 2000


def period_cases(cases: QuerySet[Case], period: Period) -> QuerySet[Case]:
    """Cases opened or closed in ``period`` (the open ones are counted by ``open_stages``)."""
    return cases.filter(
        Q(opened_at__gte=period.start, opened_at__lt=period.end)
        | Q(closed_at__gte=period.start, closed_at__lt=period.end)
    )


def open_stages(cases: QuerySet[Case], period: Period) -> dict[str, int]:
    """Cases open now (opened before the period's end) by stage, most first — counted by
    the database: a month's report of a large team does not read every open case."""
    rows = (
        cases.filter(closed_at__isnull=True, opened_at__lt=period.end)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    return dict(sorted(((stage or "", n) for stage, n in rows), key=lambda it: (-it[1], it[0])))


def _latest(model: Any, ids: QuerySet[Any], order: str, fields: tuple[str, ...]) -> dict[int, Any]:
    latest: dict[int, Any] = {}
    rows = (
        model.objects.filter(case__in=ids)
        .order_by("case_id", order)
        .values_list("case_id", *fields)
    )
    for case_id, *values in rows.iterator(chunk_size=CHUNK):
        latest[case_id] = values  # ordered oldest first: the last one wins
    return latest


def _pauses(ids: QuerySet[Any]) -> dict[int, list[SlaPause]]:
    found: dict[int, list[SlaPause]] = {}
    for pause in SlaPause.objects.filter(case__in=ids).order_by("start").iterator(chunk_size=CHUNK):
        found.setdefault(pause.case_id, []).append(pause)
    return found


def _stored_clocks(ids: QuerySet[Any]) -> dict[int, tuple[str, clock_cache.Figures]]:
    rows = ReportClock.objects.filter(case__in=ids).values_list(
        "case_id",
        "key",
        "first_response_minutes",
        "resolution_minutes",
        "first_response_met",
        "resolution_met",
    )
    return {pk: (key, tuple(figures)) for pk, key, *figures in rows.iterator(chunk_size=CHUNK)}  # type: ignore[misc]


CASE_FIELDS = (
    *clock_cache.FIELDS,
    "stage",
    # ``Case.channel`` is the channel of the opening contact (kept by ``cases`` since 0013)
    "channel",
    "labels",
    "facts__satisfaction",
)


def case_rows(cases: QuerySet[Case], period: Period, *, now: datetime) -> list[CaseRow]:
    """Every case of ``period`` as a ``CaseRow`` (six queries whatever the size)."""
    scoped = period_cases(cases, period)
    ids = scoped.values("pk")
    outcomes = _latest(OutcomeRecord, ids, "recorded_at", ("ending", "referrals", "new_contracts"))
    decisions = _latest(DemandAssessment, ids, "decided_at", ("decision", "decline_early"))
    pauses = _pauses(ids)
    stored = _stored_clocks(ids)
    rows = list(scoped.order_by().values_list(*CASE_FIELDS).iterator(chunk_size=CHUNK))
    clocks = clock_cache.figures_for(
        (row[:6] for row in rows), stored=stored, pauses=pauses, now=now
    )
    return [_row(row, outcomes.get(row[0]), decisions.get(row[0]), clocks[row[0]]) for row in rows]


def _row(row: Any, outcome: Any, decision: Any, clock: clock_cache.Figures) -> CaseRow:
    pk, kind, _priority, opened, _first, closed, stage, channel, labels, satisfaction = row
    return CaseRow(
        case_id=pk,
        kind=kind,
        stage=stage,
        opened_at=opened,
        closed_at=closed,
        channel=channel or None,
        labels=tuple(labels or ()),
        ending=outcome[0] if outcome else None,
        referrals=outcome[1] if outcome else 0,
        new_contracts=outcome[2] if outcome else 0,
        decision=decision[0] if decision else None,
        decline_early=bool(decision[1]) if decision else False,
        first_response_minutes=clock[0],
        resolution_minutes=clock[1],
        first_response_met=clock[2],
        resolution_met=clock[3],
        satisfaction=satisfaction
        if isinstance(satisfaction, int) and 1 <= satisfaction <= 5
        else None,
    )


def escalation_rows(cases: QuerySet[Case], period: Period) -> list[EscalationRow]:
    qs = Escalation.objects.filter(
        case__in=cases.values("pk"), raised_at__gte=period.start, raised_at__lt=period.end
    ).values_list("case_id", "raised_at", "accepted_at")
    return [
        EscalationRow(case_id=c, raised_at=r, accepted_at=a)
        for c, r, a in qs.iterator(chunk_size=CHUNK)
    ]


def incident_labels(cases: QuerySet[Case], period: Period) -> Iterator[list[str]]:
    qs = HarassmentIncident.objects.filter(
        case__in=cases.values("pk"), occurred_at__gte=period.start, occurred_at__lt=period.end
    ).values_list("labels", flat=True)
    for labels in qs.iterator(chunk_size=CHUNK):
        yield [str(label) for label in labels or ()]


def followup_rows(cases: QuerySet[Case], period: Period) -> list[FollowUpRow]:
    qs = (
        FollowUp.objects.filter(case__in=cases.values("pk"))
        .filter(
            Q(due_at__gte=period.start, due_at__lt=period.end)
            | Q(done_at__gte=period.start, done_at__lt=period.end)
        )
        .values_list("kind", "status", "due_at", "done_at")
    )
    return [
        FollowUpRow(kind=k, status=s, due_at=d, done_at=x)
        for k, s, d, x in qs.iterator(chunk_size=CHUNK)
    ]


def coaching_rows(cases: QuerySet[Case], period: Period) -> list[CoachingRow]:
    qs = ReplyCoaching.objects.filter(
        interaction__case__in=cases.values("pk"),
        created_at__gte=period.start,
        created_at__lt=period.end,
    ).values_list("shown", "overridden")
    return [
        CoachingRow(shown=_codes(shown), overridden=_codes(overridden))
        for shown, overridden in qs.iterator(chunk_size=CHUNK)
    ]


def _codes(items: Any) -> tuple[str, ...]:
    return tuple(str(item.get("code", "")) for item in items or () if isinstance(item, dict))
