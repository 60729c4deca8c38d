"""``/api/v1/cases``: the inbox, the case page, a new case, an interaction, a move.

Thin like the page's views: reads through ``cases.access``, writes through the ``do_*``
actions, input checked by the page's own forms — so the API refuses what the page
refuses, with the same Japanese reasons.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils import translation
from ninja import Field as NField
from ninja import Query, Router, Schema, Status

from kamitaiou.api import idempotency
from kamitaiou.api.auth import user_of, writer_of
from kamitaiou.api.errors import ApiError, form_error, refused
from kamitaiou.api.schemas import (
    CaseDetail,
    CaseIn,
    CasePage,
    Error,
    InteractionIn,
    InteractionOut,
    Kind,
    MoveIn,
)
from kamitaiou.cases import search, workflow
from kamitaiou.cases.access import get_case_for_user
from kamitaiou.cases.actions import (
    ActionError,
    NewCustomer,
    NewMessagesError,
    do_add_interaction,
    do_change_stage,
    do_create_case,
)
from kamitaiou.cases.forms import InteractionForm, NewCaseForm
from kamitaiou.cases.method_forms import MoveForm
from kamitaiou.cases.models import Case
from kamitaiou.inbox import pages
from kamitaiou.inbox.filters import InboxFilters
from kamitaiou.inbox.query import inbox_queryset
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.method.transitions import transition_for_action

router = Router(tags=["cases"])

RECORD_LIMIT = 200
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), Error)

StageName = Stage  # the method's stage identifiers, as the filter's enum


class CaseFilters(Schema):
    #: mine: assigned to me · team: every case I may see · unassigned
    tab: str = NField("team", pattern="^(mine|team|unassigned)$")
    kind: Kind | None = None
    stage: StageName | None = None
    status: str = NField("open", pattern="^(open|closed|all)$")
    q: str = NField("", max_length=search.MAX_QUERY)
    cursor: str = NField("", max_length=400)
    limit: int = NField(50, ge=1, le=100)


def _summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "kind": case.kind,
        "title": case.title,
        "stage": case.stage,
        "priority": case.priority,
        "team_id": case.team_id,
        "customer_id": case.customer_id,
        "customer_name": str(case.customer),
        "assignee_id": case.assignee_id,
        "opened_at": case.opened_at,
        "first_response_at": case.first_response_at,
        "closed_at": case.closed_at,
        "last_activity_at": case.last_activity_at,
        "due_at": case.due_at,
        "anger": case.anger,
        "threat": case.threat,
        "labels": list(case.labels or []),
    }


def _inbox_filters(filters: CaseFilters) -> InboxFilters:
    """The inbox's own filters for the API's (already checked by the schema)."""
    return InboxFilters(
        tab=filters.tab,
        status=filters.status,
        q=filters.q,
        kind=filters.kind.value if filters.kind else "",
        stage=filters.stage.value if filters.stage else "",
    )


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="List cases (the inbox)")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> Any:
    """Most urgent first (threats, priority, anger, nearest deadline), like the inbox;
    at most ``limit`` per page, the next page by ``next_cursor``.

    The inbox's own queryset and keyset pages (``kamitaiou.inbox``): the same order, the
    same indexes, the same cursors as the page's ``?after=``."""
    who = SimpleNamespace(user=user_of(request))
    qs = inbox_queryset(who, _inbox_filters(filters))
    notices: list[str] = []
    params = QueryDict(mutable=True)
    if filters.cursor:
        params["after"] = filters.cursor
    page = pages.fetch(qs, params, size=filters.limit, notices=notices)
    if notices:
        raise ApiError("bad_cursor")
    return {
        "items": [_summary(c) for c in page.rows],
        "next_cursor": page.next_cursor or None,
    }


def _detail(user: Any, case: Case) -> dict[str, Any]:
    interactions = list(case.interactions.order_by("-occurred_at", "-pk")[: RECORD_LIMIT + 1])
    events = list(case.events.order_by("-seq")[: RECORD_LIMIT + 1])
    truncated = len(interactions) > RECORD_LIMIT or len(events) > RECORD_LIMIT
    moves = [
        {
            "action": option.action,
            "target": option.target.value,
            "label_ja": option.label_ja,
            "allowed": option.allowed,
            "reasons_ja": list(option.reasons),
        }
        for option in workflow.moves_for(case, actor=user)
    ]
    return {
        **_summary(case),
        "contract_id": case.contract_id,
        "background": case.background,
        "facts": case.facts or {},
        "interactions": [
            {
                "id": i.pk,
                "direction": i.direction,
                "channel": i.channel,
                "text": i.text,
                "occurred_at": i.occurred_at,
                "author_id": i.author_id,
            }
            for i in reversed(interactions[:RECORD_LIMIT])
        ],
        "events": [
            {
                "seq": e.seq,
                "kind": e.kind,
                "actor_id": e.actor_id,
                "interaction_id": e.interaction_id,
                "data": e.data,
                "created_at": e.created_at,
            }
            for e in reversed(events[:RECORD_LIMIT])
        ],
        "record_truncated": truncated,
        "moves": moves,
    }


@router.get("/cases/{id}", response={200: CaseDetail, **ERRORS}, summary="A case and its record")
def get_case(request: HttpRequest, id: int) -> Any:
    user = user_of(request)
    return _detail(user, get_case_for_user(user, id))


def _case_form(user: Any, payload: CaseIn) -> NewCaseForm:
    new = payload.new_customer
    data = {
        "kind": payload.kind.value,
        "title": payload.title,
        "priority": str(payload.priority),
        "team": payload.team_id,
        "customer": payload.customer_id or "",
        "contract": payload.contract_id or "",
        "channel": payload.channel.value,
        "first_message": payload.first_message,
        "new_customer_name": new.name if new else "",
        "new_customer_kana": new.name_kana if new else "",
        "new_customer_company": new.company if new else "",
        "new_customer_phone": new.phone if new else "",
        "new_customer_email": new.email if new else "",
    }
    return NewCaseForm(data, user=user, customer_choices=[])


@router.post("/cases", response={201: CaseDetail, **ERRORS}, summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    """As the new-case page: an existing customer (``customer_id``) or a new one
    (``new_customer``), in one of your teams; you become its assignee. Send an
    ``Idempotency-Key`` header to make a retried request open one case only."""
    user = writer_of(request)
    return Status(*idempotency.once(request, payload, lambda: _create(user, payload)))


def _create(user: Any, payload: CaseIn) -> tuple[int, dict[str, Any]]:
    with translation.override("ja"):
        form = _case_form(user, payload)
        if not form.is_valid():
            raise form_error(form)
    data = form.cleaned_data
    new_customer = None
    if data.get("customer") is None:
        new_customer = NewCustomer(
            name=data["new_customer_name"],
            name_kana=data["new_customer_kana"],
            company=data["new_customer_company"],
            phone=data["new_customer_phone"],
            email=data["new_customer_email"],
            team=data["team"],
        )
    try:
        case = do_create_case(
            user,
            kind=data["kind"],
            title=data["title"],
            team=data["team"],
            priority=data["priority"],
            customer=data.get("customer"),
            new_customer=new_customer,
            contract=data.get("contract"),
            assignee=user,
            channel=data["channel"],
            first_message=data["first_message"],
        )
    except ActionError as exc:
        raise refused(exc.message) from None
    return 201, _detail(user, get_case_for_user(user, case.pk))


@router.post(
    "/cases/{id}/interactions",
    response={201: InteractionOut, **ERRORS},
    summary="Record a contact or a note",
)
def add_interaction(request: HttpRequest, id: int, payload: InteractionIn) -> Any:
    """Inbound (``in``), a reply (``out``, checked by the coach as on the page) or an
    internal note (``internal``). Append-only: an interaction is never edited. Send an
    ``Idempotency-Key`` header to make a retried request record it once."""
    user = writer_of(request)
    case = get_case_for_user(user, id)
    return Status(*idempotency.once(request, payload, lambda: _record(user, case, payload)))


def _record(user: Any, case: Case, payload: InteractionIn) -> tuple[int, dict[str, Any]]:
    data = {
        "direction": payload.direction.value,
        "channel": payload.channel.value,
        "text": payload.text,
        "occurred_at": payload.occurred_at,
        "coach_confirmed": payload.coach_confirmed,
        "seen_inbound": payload.seen_inbound,
    }
    with translation.override("ja"):
        form = InteractionForm(data, opened_at=case.opened_at, case=case, send_offers=())
        if not form.is_valid():
            raise form_error(form)
    try:
        interaction = do_add_interaction(user, case, coach_shown="", **form.cleaned_data)
    except NewMessagesError as exc:
        raise ApiError(
            "refused",
            message_ja=exc.message,
            details=[{"unseen_interaction_id": i.pk} for i in exc.unseen],
        ) from None
    except ActionError as exc:
        raise refused(exc.message) from None
    return 201, {
        "id": interaction.pk,
        "direction": interaction.direction,
        "channel": interaction.channel,
        "text": interaction.text,
        "occurred_at": interaction.occurred_at,
        "author_id": interaction.author_id,
    }


@router.post("/cases/{id}/moves", response={200: CaseDetail, **ERRORS}, summary="Take a move")
def move_case(request: HttpRequest, id: int, payload: MoveIn) -> Any:
    """Take the method's move ``action`` (one of the case's ``moves``) through the same
    guards as the case page; a refused move is a 409 with the method's reasons."""
    user = writer_of(request)
    case = get_case_for_user(user, id)
    with translation.override("ja"):
        form = MoveForm(payload.dict())
        if not form.is_valid():
            raise form_error(form)
    move = transition_for_action(
        CaseKind(case.kind), Stage(case.stage), form.cleaned_data["action"]
    )
    if move is None:
        raise refused("この段階ではその操作はできません。")
    try:
        do_change_stage(
            user,
            case,
            target=move.target.value,
            note=form.cleaned_data["note"],
            approval_reason=form.cleaned_data["approval_reason"],
        )
    except ActionError as exc:
        reasons = workflow.move_problems(
            case,
            target=move.target.value,
            actor=user,
            approval_reason=form.cleaned_data["approval_reason"],
        )
        raise refused(exc.message, reasons=reasons or [exc.message]) from None
    return _detail(user, get_case_for_user(user, case.pk))
