"""What waits for a supervisor: escalations to take over (§9.5) and special handling to
approve (§9.1). The queue pages and the header counts read the same querysets, so a
number in the header is always the length of the list behind it.

A supervisor sees the teams they lead, an admin every team (``access.visible_cases``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from kamitaiou.accounts.models import Role
from kamitaiou.cases.access import visible_cases
from kamitaiou.cases.models import Case, CaseEvent, CaseKind, Escalation, EventKind
from kamitaiou.method.stages import Stage

SUPERVISION_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def is_supervisor(who: Any) -> bool:
    """True for the people the supervision queues are for."""
    user = getattr(who, "user", who)
    return bool(user.is_authenticated and user.is_active and user.role in SUPERVISION_ROLES)


def waiting_escalations(who: Any) -> QuerySet[Escalation]:
    """Escalations no supervisor has taken over yet, of the cases ``who`` may see."""
    return Escalation.objects.filter(
        case__in=visible_cases(who).values("pk"), accepted_at__isnull=True
    )


def pending_approvals(who: Any) -> QuerySet[Case]:
    """Open special requests waiting for a supervisor's approval (承認待ち)."""
    return visible_cases(who).filter(
        kind=CaseKind.SPECIAL_REQUEST, stage=Stage.APPROVAL_PENDING.value, closed_at__isnull=True
    )


def approval_queue(who: Any) -> QuerySet[Case]:
    """``pending_approvals`` with who asked and when, oldest request first (one query)."""
    requested = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        kind=EventKind.STAGE_CHANGED,
        data__to=Stage.APPROVAL_PENDING.value,
    ).order_by("-seq")
    return (
        pending_approvals(who)
        .select_related("customer", "team", "assignee")
        .annotate(
            requested_at=Subquery(requested.values("created_at")[:1]),
            requested_by_name=Subquery(requested.values("actor__display_name")[:1]),
            requested_by_username=Subquery(requested.values("actor__username")[:1]),
        )
        .order_by("requested_at", "pk")
    )


@dataclass(frozen=True)
class SupervisionCounts:
    """The numbers in the header: escalations waiting, approvals waiting."""

    escalations: int
    approvals: int


def supervision_counts(who: Any) -> SupervisionCounts | None:
    """The header counts for a supervisor or admin (two COUNT queries); None for others."""
    if not is_supervisor(who):
        return None
    return SupervisionCounts(
        escalations=waiting_escalations(who).count(),
        approvals=pending_approvals(who).count(),
    )
