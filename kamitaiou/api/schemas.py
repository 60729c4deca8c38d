"""Typed shapes of the API (pydantic, through django-ninja): what the OpenAPI document says."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime, StrictBool, StrictInt, StrictStr

from kamitaiou.cases.models import CaseKind, Channel, Direction, Priority

Kind = StrEnum("Kind", {k.upper(): k for k in CaseKind.values})  # type: ignore[misc]
ChannelName = StrEnum("ChannelName", {c.upper(): c for c in Channel.values})  # type: ignore[misc]
DirectionName = StrEnum("DirectionName", {d.upper(): d for d in Direction.values})  # type: ignore[misc]

MAX_TEXT = 20_000
#: ids are 64-bit: a larger number is a 422, never an overflow in the database
MAX_ID = 2**63 - 1


class Error(Schema):
    code: str
    message_ja: str
    message_en: str
    details: Any = None


class CaseSummary(Schema):
    id: int
    kind: str
    title: str
    stage: str
    priority: int
    team_id: int
    customer_id: int
    customer_name: str
    assignee_id: int | None
    opened_at: datetime
    first_response_at: datetime | None
    closed_at: datetime | None
    last_activity_at: datetime
    due_at: datetime | None
    anger: int
    threat: bool
    labels: list[str]


class CasePage(Schema):
    items: list[CaseSummary]
    #: pass as ``cursor`` for the next page; ``null`` on the last page
    next_cursor: str | None


class InteractionOut(Schema):
    id: int
    direction: str
    channel: str
    text: str
    occurred_at: datetime
    author_id: int


class EventOut(Schema):
    seq: int
    kind: str
    actor_id: int | None
    interaction_id: int | None
    data: dict[str, Any]
    created_at: datetime


class MoveOption(Schema):
    action: str
    target: str
    label_ja: str
    allowed: bool
    reasons_ja: list[str]


class CaseDetail(CaseSummary):
    contract_id: int | None
    background: str
    facts: dict[str, Any]
    interactions: list[InteractionOut]
    events: list[EventOut]
    #: true when the record is longer than what is listed (the newest entries are)
    record_truncated: bool
    moves: list[MoveOption]


# Inputs are strict: "1" is not an id and 1 is not a text (a client's type error is a 422,
# not silently read).
class NewCustomerIn(Schema):
    name: StrictStr = Field(..., min_length=1, max_length=200)
    name_kana: StrictStr = Field("", max_length=200)
    company: StrictStr = Field("", max_length=200)
    phone: StrictStr = Field("", max_length=40)
    email: StrictStr = Field("", max_length=254)


class CaseIn(Schema):
    kind: Kind
    title: StrictStr = Field(..., min_length=1, max_length=200)
    team_id: StrictInt = Field(..., ge=1, le=MAX_ID)
    priority: StrictInt = Field(int(Priority.NORMAL), ge=1, le=4)
    customer_id: StrictInt | None = Field(None, ge=1, le=MAX_ID)
    new_customer: NewCustomerIn | None = None
    contract_id: StrictInt | None = Field(None, ge=1, le=MAX_ID)
    channel: ChannelName = ChannelName("phone")
    first_message: StrictStr = Field("", max_length=MAX_TEXT)


class InteractionIn(Schema):
    direction: DirectionName
    channel: ChannelName = ChannelName("phone")
    text: StrictStr = Field(..., min_length=1, max_length=MAX_TEXT)
    #: when it happened (with a time zone); now when left out
    occurred_at: AwareDatetime | None = None
    #: a reply with an error-level coach finding is saved only with this confirmation
    coach_confirmed: StrictBool = False
    #: the newest customer message the client has seen: a reply past newer ones is refused
    seen_inbound: StrictInt | None = Field(None, ge=0, le=MAX_ID)


class MoveIn(Schema):
    #: the move's name (``moves[].action`` of the case)
    action: StrictStr = Field(..., min_length=1, max_length=40)
    note: StrictStr = Field("", max_length=2000)
    #: a supervisor's written reason, when the move approves special handling (§9.1)
    approval_reason: StrictStr = Field("", max_length=2000)
