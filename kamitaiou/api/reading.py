"""``POST /api/v1/analyze`` and ``POST /api/v1/coach``: the analyzer and the reply coach
for text that is not (yet) on a case. Nothing is stored; a read token is enough."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import AwareDatetime, StrictInt, StrictStr

from kamitaiou.analysis import analyze
from kamitaiou.api.errors import ApiError
from kamitaiou.api.schemas import MAX_TEXT, Error, Kind
from kamitaiou.method.coach import CoachContext, check_draft
from kamitaiou.method.stages import CaseKind, Stage, stages_for

router = Router(tags=["reading"])
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 413, 422, 429), Error)


class AnalyzeIn(Schema):
    text: StrictStr = Field(..., min_length=1, max_length=MAX_TEXT)
    #: anchors relative deadlines (今日中, 来週の月曜); now when left out
    now: AwareDatetime | None = None


class CoachIn(Schema):
    text: StrictStr = Field(..., min_length=1, max_length=MAX_TEXT)
    kind: Kind
    #: a stage of ``kind`` (the case's stage the reply is written in)
    stage: Stage
    #: the customer's anger 0–3, as the analyzer reads it
    anger: StrictInt = Field(0, ge=0, le=3)


@router.post("/analyze", response={200: dict[str, Any], **ERRORS}, summary="Read a message")
def analyze_text(request: HttpRequest, payload: AnalyzeIn) -> Any:
    """The analyzer's reading (the JSON of ``kamitaiou analyze --json``, ANALYZER.md)."""
    now = payload.now
    if now is not None and not 2000 <= now.year <= 2100:
        raise ApiError("invalid", message_ja="日時は2000年〜2100年で指定してください。")
    return analyze(payload.text, now=now or timezone.now()).to_dict()


@router.post("/coach", response={200: dict[str, Any], **ERRORS}, summary="Check a reply draft")
def coach_text(request: HttpRequest, payload: CoachIn) -> Any:
    """The coach's findings on a reply draft for a ``kind`` case in ``stage``
    (the JSON of ``kamitaiou coach --json``)."""
    kind = CaseKind(payload.kind.value)
    if payload.stage not in stages_for(kind):
        raise ApiError(
            "invalid",
            message_ja="その段階はこの種類の案件にはありません。",
            details=[{"field": "stage", "allowed": [s.value for s in stages_for(kind)]}],
        )
    findings = check_draft(
        payload.text, kind=kind, stage=payload.stage, context=CoachContext(anger=payload.anger)
    )
    return {
        "kind": kind.value,
        "stage": payload.stage.value,
        "findings": [f.to_dict() for f in findings],
    }
