"""SLA clocks of stored cases: the pure ``sla_status`` fed from the database, and the
sweep step that escalates breaches to a supervisor once (by dedupe key)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from kamitaiou.cases.actions import lock_case
from kamitaiou.cases.models import Case, CaseKind
from kamitaiou.followups import planning
from kamitaiou.followups.models import FollowUp, SlaPause
from kamitaiou.method.followups import (
    DEFAULT_CALENDAR,
    FollowUpKind,
    Pause,
    Priority,
    SlaStatus,
    breaches_to_escalate,
    sla_policy_for,
    sla_status,
)
from kamitaiou.method.stages import CaseKind as MethodKind

logger = logging.getLogger(__name__)
#: ``cases.Priority`` (1–4) → the pure core's ``Priority``.
PRIORITIES = {1: Priority.LOW, 2: Priority.NORMAL, 3: Priority.HIGH, 4: Priority.URGENT}


def pauses_of(case: Case, pauses: Iterable[SlaPause] | None = None) -> list[Pause]:
    rows = pauses if pauses is not None else case.sla_pauses.all()
    return [Pause(row.start, row.end) for row in rows]


def case_sla(
    case: Case, *, now: datetime, pauses: Iterable[SlaPause] | None = None
) -> SlaStatus | None:
    """Both clocks of ``case`` as of ``now`` (``None`` when they cannot be measured)."""
    try:
        return sla_status(
            opened_at=case.opened_at,
            first_response_at=case.first_response_at,
            resolved_at=case.closed_at,
            pauses=pauses_of(case, pauses),
            policy=sla_policy_for(
                MethodKind(case.kind), priority=PRIORITIES.get(case.priority, Priority.NORMAL)
            ),
            calendar=DEFAULT_CALENDAR,
            now=now,
        )
    except (ValueError, OverflowError) as exc:
        # A first response recorded before the case was opened (back-dated entry), a case
        # opened in the future, a date outside the business calendar's years (a row
        # written before the forms had bounds): no clock rather than a wrong one.
        logger.warning("case %s: no SLA clock (%s)", case.pk, exc)
        return None


def cases_to_watch() -> QuerySet[Case]:
    """Open cases whose clocks can still breach (after-follow has none)."""
    return (
        Case.objects.filter(closed_at__isnull=True)
        .exclude(kind=CaseKind.AFTER_FOLLOW)
        .select_related("team")
        .prefetch_related(Prefetch("sla_pauses", queryset=SlaPause.objects.order_by("start")))
        .order_by("pk")
    )


def escalate_breaches(*, now: datetime, chunk: int = 500) -> int:
    """Create one supervisor follow-up per breached running clock and case; return how many.

    Keys already stored are skipped before taking any lock, so a sweep over thousands of
    quiet cases only reads. A case that fails is logged and skipped: one bad row never
    stops the sweep for the others.
    """
    created = 0
    escalated = set(
        FollowUp.objects.filter(
            kind=FollowUpKind.SLA_BREACH_ESCALATION, case__closed_at__isnull=True
        ).values_list("dedupe_key", flat=True)
    )
    for case in cases_to_watch().iterator(chunk_size=chunk):
        try:
            created += _escalate_case(case, now=now, escalated=escalated)
        except Exception:
            logger.exception("SLA sweep: case %s failed and was skipped", case.pk)
    return created


def _escalate_case(case: Case, *, now: datetime, escalated: set[str]) -> int:
    status = case_sla(case, now=now, pauses=case.sla_pauses.all())
    if status is None or not status.breached:
        return 0
    planned = [
        p
        for p in breaches_to_escalate(status, case_id=case.pk, now=now)
        if p.dedupe_key not in escalated
    ]
    return _store_breaches(case, planned) if planned else 0


@transaction.atomic
def _store_breaches(case: Case, planned: list[Any]) -> int:
    locked = lock_case(case)
    if locked.closed_at is not None:
        return 0
    rows = planning.store(locked, planned, actor=None, anchor_at=planned[0].due_at)
    if rows:
        planning.save_chain_head(locked)
    return len(rows)
