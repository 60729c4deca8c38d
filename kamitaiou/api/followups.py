"""``/api/v1/followups``: my follow-ups, complete one, skip one — as on 「今日の予定」,
through ``followups.access`` and its ``do_*`` actions (the rights are the actions')."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime, StrictInt, StrictStr

from kamitaiou.api.auth import user_of, writer_of
from kamitaiou.api.errors import form_error, refused
from kamitaiou.api.schemas import Error
from kamitaiou.cases.actions import ActionError
from kamitaiou.followups import actions
from kamitaiou.followups.access import get_followup_for_user, visible_followups
from kamitaiou.followups.forms import CompleteForm, SkipForm
from kamitaiou.followups.models import FollowUp, Status
from kamitaiou.followups.today import on_my_plate

router = Router(tags=["followups"])
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), Error)


class FollowUpOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    due_at: datetime
    case_id: int | None
    customer_id: int
    owner_id: int | None
    note: str
    script: str


class FollowUpList(Schema):
    items: list[FollowUpOut]


class FollowUpFilters(Schema):
    status: str = Field("open", pattern="^(open|done|skipped)$")
    limit: int = Field(100, ge=1, le=200)


class CompleteIn(Schema):
    note: StrictStr = Field("", max_length=2000)
    report_text: StrictStr = Field("", max_length=20_000)
    channel: StrictStr = Field("", max_length=16)
    #: verification check: "yes" (improved) or "no"
    improved: StrictStr = Field("", pattern="^(|yes|no)$")
    visit_at: AwareDatetime | None = None
    score: StrictInt | None = Field(None, ge=1, le=5)
    liked: StrictStr = Field("", max_length=200)
    persona: StrictStr = Field("", max_length=2000)


class SkipIn(Schema):
    note: StrictStr = Field(..., min_length=1, max_length=2000)


def _out(row: FollowUp) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "title": row.title,
        "status": row.status,
        "due_at": row.due_at,
        "case_id": row.case_id,
        "customer_id": row.customer_id,
        "owner_id": row.owner_id,
        "note": row.note,
        "script": row.script,
    }


@router.get("/followups", response={200: FollowUpList, **ERRORS}, summary="My follow-ups")
def list_followups(request: HttpRequest, filters: Query[FollowUpFilters]) -> Any:
    """The follow-ups on your plate (as 「今日の予定」 counts them), nearest due first."""
    user = user_of(request)
    rows = (
        visible_followups(user)
        .filter(on_my_plate(user), status=Status(filters.status))
        .order_by("due_at", "pk")[: filters.limit]
    )
    return {"items": [_out(r) for r in rows]}


@router.post(
    "/followups/{id}/complete", response={200: FollowUpOut, **ERRORS}, summary="Complete one"
)
def complete_followup(request: HttpRequest, id: int, payload: CompleteIn) -> Any:
    """What the kind asks for is required (e.g. ``report_text`` for a progress report,
    ``improved`` for a verification check), as on the page."""
    user = writer_of(request)
    followup = get_followup_for_user(user, id)
    data = {k: v for k, v in payload.dict().items() if v not in (None, "")}
    with translation.override("ja"):
        form = CompleteForm(data, kind=followup.kind)
        if not form.is_valid():
            raise form_error(form)
    try:
        row = actions.do_complete_followup(user, followup, done=form.completion())
    except ActionError as exc:
        raise refused(exc.message) from None
    return _out(row)


@router.post("/followups/{id}/skip", response={200: FollowUpOut, **ERRORS}, summary="Skip one")
def skip_followup(request: HttpRequest, id: int, payload: SkipIn) -> Any:
    user = writer_of(request)
    followup = get_followup_for_user(user, id)
    with translation.override("ja"):
        form = SkipForm(payload.dict())
        if not form.is_valid():
            raise form_error(form)
    try:
        row = actions.do_skip_followup(user, followup, note=form.cleaned_data["note"])
    except ActionError as exc:
        raise refused(exc.message) from None
    return _out(row)
