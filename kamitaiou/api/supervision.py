"""Supervisors' queues: ``GET /api/v1/escalations`` (waiting, oldest first),
``POST /api/v1/escalations/{id}/accept`` and ``GET /api/v1/approvals`` (承認待ち) — the
same querysets as the pages and the header counts; others get 403 as on the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kamitaiou.api.auth import user_of, writer_of
from kamitaiou.api.errors import ApiError, refused
from kamitaiou.api.schemas import Error
from kamitaiou.cases.access import visible_cases
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import Escalation
from kamitaiou.cases.protection_actions import do_accept_escalation
from kamitaiou.cases.supervision import approval_queue, is_supervisor, waiting_escalations
from kamitaiou.params import parse_id

router = Router(tags=["supervision"])
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), Error)
LIMIT = 200


class EscalationOut(Schema):
    id: int
    case_id: int
    case_title: str
    reason: str
    labels: list[str]
    summary: str
    raised_by_id: int | None
    raised_at: datetime
    accepted_by_id: int | None
    accepted_at: datetime | None


class EscalationList(Schema):
    items: list[EscalationOut]


class ApprovalOut(Schema):
    case_id: int
    case_title: str
    team_id: int
    assignee_id: int | None
    requested_at: datetime | None
    customer_benefit: bool | None


class ApprovalList(Schema):
    items: list[ApprovalOut]


def _supervisor(request: HttpRequest, *, write: bool = False) -> Any:
    user = writer_of(request) if write else user_of(request)
    if not is_supervisor(user):
        raise ApiError("forbidden", message_ja="この一覧を見られるのは上長（SV）と管理者だけです。")
    return user


def _escalation(e: Escalation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "case_id": e.case_id,
        "case_title": e.case.title,
        "reason": e.reason,
        "labels": list(e.labels or []),
        "summary": e.summary,
        "raised_by_id": e.raised_by_id,
        "raised_at": e.raised_at,
        "accepted_by_id": e.accepted_by_id,
        "accepted_at": e.accepted_at,
    }


@router.get("/escalations", response={200: EscalationList, **ERRORS}, summary="Escalations")
def list_escalations(request: HttpRequest) -> Any:
    """Escalations no supervisor has taken over yet, oldest first (at most 200)."""
    user = _supervisor(request)
    rows = waiting_escalations(user).select_related("case").order_by("raised_at", "pk")
    return {"items": [_escalation(e) for e in rows[:LIMIT]]}


@router.post(
    "/escalations/{id}/accept",
    response={200: EscalationOut, **ERRORS},
    summary="Take over an escalated case",
)
def accept_escalation(request: HttpRequest, id: int) -> Any:
    user = _supervisor(request, write=True)
    pk = parse_id(id)
    escalation = (
        Escalation.objects.filter(case__in=visible_cases(user), pk=pk or 0)
        .select_related("case")
        .first()
    )
    if escalation is None:
        raise ApiError("not_found")
    try:
        accepted = do_accept_escalation(user, escalation)
    except ActionError as exc:
        raise refused(exc.message) from None
    return _escalation(accepted)


@router.get("/approvals", response={200: ApprovalList, **ERRORS}, summary="承認待ち")
def list_approvals(request: HttpRequest) -> Any:
    """Special requests waiting for a supervisor's approval, oldest request first."""
    user = _supervisor(request)
    return {
        "items": [
            {
                "case_id": case.pk,
                "case_title": case.title,
                "team_id": case.team_id,
                "assignee_id": case.assignee_id,
                "requested_at": case.requested_at,
                "customer_benefit": (case.facts or {}).get("customer_benefit"),
            }
            for case in approval_queue(user)[:LIMIT]
        ]
    }
