"""The inbox's cases for a set of filters: one queryset, most urgent first.

Everything is narrowed in the database (no per-row work); subqueries (messages, SLA
breaches) are ``EXISTS`` so a case is one row however many of them match.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from kamitaiou.cases.access import listed_cases
from kamitaiou.cases.models import Case
from kamitaiou.followups.models import FollowUp
from kamitaiou.inbox.filters import ME, NOBODY, InboxFilters
from kamitaiou.method.followups import FollowUpKind
from kamitaiou.search.narrow import filter_cases as search_cases

#: the inbox order: ascending in every column (``Case.inbox_rank`` is the reversed urgency)
ORDER = ("inbox_rank", "inbox_due", "opened_at", "id")


def inbox_queryset(
    request: Any, filters: InboxFilters, *, now: datetime | None = None
) -> QuerySet[Case]:
    """The cases of the inbox for ``filters``, in the inbox order (unsliced)."""
    qs = listed_cases(request)
    qs = _tab(qs, filters.tab, user=request.user)
    qs = _status(qs, filters.status)
    qs = _assignee(qs, filters.assignee, user=request.user)
    exact = {
        "kind": filters.kind,
        "stage": filters.stage,
        "channel": filters.channel,
        "team_id": int(filters.team) if filters.team else None,
    }
    qs = qs.filter(**{name: value for name, value in exact.items() if value})
    if filters.anger:
        qs = qs.filter(anger__gte=int(filters.anger))
    if filters.label:
        qs = _label(qs, filters.label)
    if filters.due:
        qs = _due(qs, filters.due, now=now or timezone.now())
    if filters.sla:
        qs = qs.filter(Exists(_breaches()))
    qs = _opened(qs, filters)
    qs = search_cases(qs, filters.q)  # the search index (decision 0016), not LIKE
    return qs.select_related("customer", "assignee").order_by(*ORDER)


def _tab(qs: QuerySet[Case], tab: str, *, user: Any) -> QuerySet[Case]:
    if tab == "mine":
        return qs.filter(assignee=user)
    if tab == "unassigned":
        return qs.filter(assignee__isnull=True)
    return qs


def _status(qs: QuerySet[Case], status: str) -> QuerySet[Case]:
    if status == "open":
        return qs.filter(closed_at__isnull=True)
    if status == "closed":
        return qs.filter(closed_at__isnull=False)
    return qs


def _assignee(qs: QuerySet[Case], value: str, *, user: Any) -> QuerySet[Case]:
    if value == ME:
        return qs.filter(assignee=user)
    if value == NOBODY:
        return qs.filter(assignee__isnull=True)
    if value:
        return qs.filter(assignee_id=int(value))
    return qs


def _label(qs: QuerySet[Case], code: str) -> QuerySet[Case]:
    """Cases whose messages carried the analyzer label ``code``. PostgreSQL asks its
    jsonb containment; SQLite (no JSON ``contains``) matches the quoted code in the
    stored JSON text — codes are plain identifiers, so ``"code"`` matches only itself."""
    if connection.features.supports_json_field_contains:
        return qs.filter(labels__contains=[code])
    return qs.alias(labels_text=Cast("labels", TextField())).filter(
        labels_text__contains=f'"{code}"'
    )


def _due(qs: QuerySet[Case], window: str, *, now: datetime) -> QuerySet[Case]:
    """The customer's deadline: passed (open cases), or still ahead and before the end
    of today / of the third / of the seventh day (counting today), local time."""
    if window == "overdue":
        return qs.filter(due_at__lt=now, closed_at__isnull=True)
    days = {"today": 0, "3d": 2, "7d": 6}[window]
    today = timezone.localdate(now)
    end = datetime.combine(today + timedelta(days=days + 1), time.min)
    return qs.filter(due_at__gte=now, due_at__lt=timezone.make_aware(end))


def _breaches() -> QuerySet[FollowUp]:
    """The SLA breaches the worker's sweep recorded for the outer case."""
    return FollowUp.objects.filter(
        case=OuterRef("pk"), kind=FollowUpKind.SLA_BREACH_ESCALATION
    ).values("pk")


def _opened(qs: QuerySet[Case], filters: InboxFilters) -> QuerySet[Case]:
    start, end = filters.opened_range()
    if start:
        qs = qs.filter(opened_at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        after_end = datetime.combine(end + timedelta(days=1), time.min)
        qs = qs.filter(opened_at__lt=timezone.make_aware(after_end))
    return qs
