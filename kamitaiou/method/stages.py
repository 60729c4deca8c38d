"""Case kinds and stages (METHOD.md §2, §5, §6, §9.1–9.2, §10).

``Stage`` is one enum shared by every kind: a stage that means the same thing in two
kinds (``received``, ``executing``, ``closed`` …) has one identifier. Each kind has its
own ordered set of stages and an initial stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class CaseKind(StrEnum):
    """What kind of case this is (§2). A case may change kind (see ``kind_change``)."""

    COMPLAINT = "complaint"
    UNREASONABLE_DEMAND = "unreasonable_demand"
    SPECIAL_REQUEST = "special_request"
    AFTER_FOLLOW = "after_follow"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return CASE_KIND_LABELS_JA[self]


CASE_KIND_LABELS_JA: Mapping[CaseKind, str] = MappingProxyType(
    {
        CaseKind.COMPLAINT: "クレーム",
        CaseKind.UNREASONABLE_DEMAND: "無理難題",
        CaseKind.SPECIAL_REQUEST: "特別対応の要望",
        CaseKind.AFTER_FOLLOW: "アフターフォロー",
    }
)


class Stage(StrEnum):
    """Where a case stands. Identifiers are English; ``label_ja`` is what staff see."""

    # shared
    RECEIVED = "received"
    EMPATHY = "empathy"
    PROPOSAL = "proposal"
    EXECUTING = "executing"
    CLOSED = "closed"
    # complaint (§6)
    CALMING = "calming"
    HEARING = "hearing"
    APOLOGY = "apology"
    AGREED = "agreed"
    VERIFYING = "verifying"
    CLOSED_UNIMPROVABLE = "closed_unimprovable"
    # unreasonable demand (§5)
    ASSESSMENT = "assessment"
    DECLINED = "declined"
    SCOPE = "scope"
    # special request (§9.1–9.2)
    APPROVAL_PENDING = "approval_pending"
    APPROVED = "approved"
    REFUSED = "refused"
    # after-follow (§10)
    SCHEDULE_CONFIRMATION = "schedule_confirmation"
    VISIT = "visit"
    SATISFACTION = "satisfaction"
    REFERRAL = "referral"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return STAGE_LABELS_JA[self]

    @property
    def is_terminal(self) -> bool:
        """True for a stage a case never leaves (it is closed)."""
        return self in TERMINAL_STAGES


STAGE_LABELS_JA: Mapping[Stage, str] = MappingProxyType(
    {
        Stage.RECEIVED: "受付",
        Stage.EMPATHY: "共感",
        Stage.PROPOSAL: "提案",
        Stage.EXECUTING: "実行",
        Stage.CLOSED: "完了",
        Stage.CALMING: "鎮静",
        Stage.HEARING: "ヒアリング",
        Stage.APOLOGY: "謝罪",
        Stage.AGREED: "合意",
        Stage.VERIFYING: "検証",
        Stage.CLOSED_UNIMPROVABLE: "改善不可・説明済み",
        Stage.ASSESSMENT: "判断",
        Stage.DECLINED: "辞退",
        Stage.SCOPE: "責任範囲の確定",
        Stage.APPROVAL_PENDING: "承認待ち",
        Stage.APPROVED: "承認",
        Stage.REFUSED: "見送り",
        Stage.SCHEDULE_CONFIRMATION: "日程確認",
        Stage.VISIT: "訪問",
        Stage.SATISFACTION: "満足度確認",
        Stage.REFERRAL: "紹介依頼",
    }
)

#: Stages a case never leaves. Reaching one requires an outcome (§11).
TERMINAL_STAGES: frozenset[Stage] = frozenset({Stage.CLOSED, Stage.CLOSED_UNIMPROVABLE})

#: The stages of each kind, in the order a case normally walks through them
#: (a UI can draw them as a progress bar).
KIND_STAGES: Mapping[CaseKind, tuple[Stage, ...]] = MappingProxyType(
    {
        CaseKind.COMPLAINT: (
            Stage.RECEIVED,
            Stage.CALMING,
            Stage.HEARING,
            Stage.APOLOGY,
            Stage.PROPOSAL,
            Stage.AGREED,
            Stage.EXECUTING,
            Stage.VERIFYING,
            Stage.CLOSED,
            Stage.CLOSED_UNIMPROVABLE,
        ),
        CaseKind.UNREASONABLE_DEMAND: (
            Stage.RECEIVED,
            Stage.EMPATHY,
            Stage.ASSESSMENT,
            Stage.SCOPE,
            Stage.EXECUTING,
            Stage.DECLINED,
            Stage.CLOSED,
        ),
        CaseKind.SPECIAL_REQUEST: (
            Stage.RECEIVED,
            Stage.EMPATHY,
            Stage.APPROVAL_PENDING,
            Stage.APPROVED,
            Stage.EXECUTING,
            Stage.REFUSED,
            Stage.CLOSED,
        ),
        CaseKind.AFTER_FOLLOW: (
            Stage.SCHEDULE_CONFIRMATION,
            Stage.VISIT,
            Stage.SATISFACTION,
            Stage.PROPOSAL,
            Stage.REFERRAL,
            Stage.CLOSED,
        ),
    }
)

#: Where a new case of each kind starts. After-follow is proactive (§10): it starts by
#: confirming the customer's schedule, not by receiving anything.
INITIAL_STAGE: Mapping[CaseKind, Stage] = MappingProxyType(
    {
        CaseKind.COMPLAINT: Stage.RECEIVED,
        CaseKind.UNREASONABLE_DEMAND: Stage.RECEIVED,
        CaseKind.SPECIAL_REQUEST: Stage.RECEIVED,
        CaseKind.AFTER_FOLLOW: Stage.SCHEDULE_CONFIRMATION,
    }
)


def stages_for(kind: CaseKind) -> tuple[Stage, ...]:
    """Return the stages a case of ``kind`` can be in, in their usual order."""
    return KIND_STAGES[kind]


def initial_stage(kind: CaseKind) -> Stage:
    """Return the stage a new case of ``kind`` starts in."""
    return INITIAL_STAGE[kind]
