"""The SLA figures of many cases at once, from ``ReportClock`` where nothing changed.

A report reads up to every case of a team; running the business-hours clocks
(``followups.sla.case_sla``) for each costs ~0.3 ms a case — 30 s for 100,000 cases. The
figures a report uses only exist for a *stopped* clock (a running one reads as "not yet"),
so they are a function of the case's kind, priority, opening / first response / closing
times and pauses: stored once under that key, computed again only when the key changes
(a case responded to, closed, reopened, re-prioritised, paused). A report fills what is
missing, so the first report after a deployment pays once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from kamitaiou.cases.models import Case
from kamitaiou.followups.models import SlaPause
from kamitaiou.followups.sla import case_sla
from kamitaiou.reports.models import ReportClock

Figures = tuple[int | None, int | None, bool | None, bool | None]
#: ``(pk, kind, priority, opened_at, first_response_at, closed_at)``
ClockFields = tuple[int, str, int, datetime, datetime | None, datetime | None]
FIELDS = ("pk", "kind", "priority", "opened_at", "first_response_at", "closed_at")
BATCH = 1000
FIGURES = ("first_response_minutes", "resolution_minutes", "first_response_met", "resolution_met")
#: the key's parts kept as ``ReportClock`` columns (the pauses only as ``paused``)
INPUTS = ("kind", "priority", "opened_at", "first_response_at", "closed_at", "paused")


def _stamp(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.timestamp():.6f}"


def clock_key(case: ClockFields, pauses: Sequence[SlaPause]) -> str:
    _pk, kind, priority, opened, first, closed = case
    spans = ",".join(f"{_stamp(p.start)}-{_stamp(p.end)}" for p in pauses)
    return f"{kind}|{priority}|{_stamp(opened)}|{_stamp(first)}|{_stamp(closed)}|{spans}"[:2000]


def _minutes(clock: Any) -> int | None:
    return clock.elapsed_minutes if clock is not None and not clock.running else None


def _met(clock: Any) -> bool | None:
    if clock is None or clock.target_minutes is None or clock.running:
        return None
    return not clock.breached


def compute(case: ClockFields, pauses: Sequence[SlaPause], *, now: datetime) -> Figures:
    pk, kind, priority, opened, first, closed = case
    clocks = case_sla(
        Case(
            pk=pk,
            kind=kind,
            priority=priority,
            opened_at=opened,
            first_response_at=first,
            closed_at=closed,
        ),
        now=now,
        pauses=pauses,
    )
    first_clock = clocks.first_response if clocks else None
    resolution = clocks.resolution if clocks else None
    return (_minutes(first_clock), _minutes(resolution), _met(first_clock), _met(resolution))


def figures_for(
    cases: Iterable[ClockFields],
    *,
    stored: dict[int, tuple[str, Figures]],
    pauses: dict[int, list[SlaPause]],
    now: datetime,
) -> dict[int, Figures]:
    """Each case's figures: stored when its key still matches, else computed and saved."""
    found: dict[int, Figures] = {}
    fresh: list[ReportClock] = []
    for case in cases:
        pk = case[0]
        mine = pauses.get(pk, [])
        key = clock_key(case, mine)
        kept = stored.get(pk)
        if kept is not None and kept[0] == key:
            found[pk] = kept[1]
            continue
        figures = compute(case, mine, now=now)
        found[pk] = figures
        _pk, kind, priority, opened, first, closed = case
        fresh.append(
            ReportClock(
                pk,
                key,
                *figures,
                kind=kind,
                priority=priority,
                opened_at=opened,
                first_response_at=first,
                closed_at=closed,
                paused=bool(mine),
            )
        )
    if fresh:
        with transaction.atomic():
            ReportClock.objects.bulk_create(
                fresh,
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["case"],
                update_fields=["key", *FIGURES, *INPUTS],
            )
    return found


#: stands for "no time" where a clock input is compared (``NULL`` equal to ``NULL``)
NEVER = Value(datetime(1970, 1, 1, tzinfo=UTC), output_field=DateTimeField())


def _current() -> QuerySet[ReportClock]:
    """The outer case's stored clock, if its inputs are the case's and it has no pauses."""
    return (
        ReportClock.objects.filter(
            case=OuterRef("pk"),
            kind=OuterRef("kind"),
            priority=OuterRef("priority"),
            opened_at=OuterRef("opened_at"),
            paused=False,
        )
        .annotate(
            stored_first=Coalesce("first_response_at", NEVER),
            stored_closed=Coalesce("closed_at", NEVER),
        )
        .filter(
            stored_first=Coalesce(OuterRef("first_response_at"), NEVER),
            stored_closed=Coalesce(OuterRef("closed_at"), NEVER),
        )
    )


def current_q() -> Q:
    """For a query over cases joined to ``report_clock``: the stored clock's inputs are the
    case's (its pauses aside: see ``refresh(paused_only=True)``)."""
    same = [
        Q(**{f"report_clock__{field}": F(field)})
        | Q(**{f"report_clock__{field}__isnull": True, f"{field}__isnull": True})
        for field in ("first_response_at", "closed_at")
    ]
    return Q(
        *same,
        report_clock__kind=F("kind"),
        report_clock__priority=F("priority"),
        report_clock__opened_at=F("opened_at"),
    )


def refresh(cases: QuerySet[Case], *, now: datetime, paused_only: bool = False) -> int:
    """Bring the stored clocks of ``cases`` up to date; return how many were computed.

    The database picks the candidates — no clock yet, an input column that differs, or
    pauses — so a report reads only those, not every case. Each candidate is then
    checked by its full key as before (``figures_for``), so the figures are the same.
    ``paused_only`` checks only the cases that have pauses (pauses are never deleted, so
    the other clocks' freshness is their input columns: ``current_q``).
    """
    fields = (*FIELDS, "report_clock__key", "report_clock__paused")
    paused_ids = SlaPause.objects.values("case_id")
    rows = list(cases.filter(pk__in=paused_ids).order_by().values_list(*fields))
    paused = len(rows)
    if not paused_only:
        seen = {row[0] for row in rows}
        stale = cases.filter(~Exists(_current())).order_by().values_list(*fields)
        rows += [row for row in stale if row[0] not in seen]
    if not rows:
        return 0
    pauses: dict[int, list[SlaPause]] = {}
    wanted = [row[0] for row in rows[:paused]]  # the others have no pauses
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        for pause in SlaPause.objects.filter(case__in=chunk).order_by("start"):
            pauses.setdefault(pause.case_id, []).append(pause)
    # A paused case is computed again when its key changed, or when its clock was stored
    # without the input columns (before migration 0005: ``paused`` still false); every
    # case the input columns found is written again, so they describe it afterwards.
    stale_rows = [
        row[:6]
        for index, row in enumerate(rows)
        if index >= paused or not row[7] or row[6] != clock_key(row[:6], pauses.get(row[0], []))
    ]
    figures_for(stale_rows, stored={}, pauses=pauses, now=now)
    return len(stale_rows)
