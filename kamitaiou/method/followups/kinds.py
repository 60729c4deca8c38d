"""Follow-up kinds, the planned follow-up, and which open follow-ups a stage change cancels.

A ``PlannedFollowUp`` is what the policy returns and the Django side stores as a row: a
kind, a due time, Japanese title/note, an optional suggested script (editable wording)
and a ``dedupe_key``. The key is derived only from the event that caused the follow-up
(case, kind, the event's own timestamp or sequence), so planning the same event twice
gives the same key — a unique constraint on it makes re-planning harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol, TypeVar

from kamitaiou.method.facts import Role
from kamitaiou.method.followups.business_calendar import require_aware
from kamitaiou.method.stages import Stage


class FollowUpKind(StrEnum):
    """What a follow-up asks staff to do."""

    PROGRESS_REPORT = "progress_report"
    VERIFICATION_CHECK = "verification_check"
    REHEARING = "rehearing"
    RESUME_AFTER_TIME_OUT = "resume_after_time_out"
    AFTER_FOLLOW_CHECKIN = "after_follow_checkin"
    CONFIRM_SCHEDULE_CALL = "confirm_schedule_call"
    VISIT = "visit"
    SATISFACTION_QUESTION = "satisfaction_question"
    ADDRESS_DISSATISFACTION = "address_dissatisfaction"
    UPSELL_PROPOSAL = "upsell_proposal"
    REFERRAL_REQUEST = "referral_request"
    SLA_BREACH_ESCALATION = "sla_breach_escalation"
    #: a wellbeing check-in with a staff member after a harassment incident (staff_care)
    STAFF_CHECKIN = "staff_checkin"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return FOLLOW_UP_KIND_LABELS_JA[self]


FOLLOW_UP_KIND_LABELS_JA: Mapping[FollowUpKind, str] = MappingProxyType(
    {
        FollowUpKind.PROGRESS_REPORT: "進捗報告",
        FollowUpKind.VERIFICATION_CHECK: "改善の確認",
        FollowUpKind.REHEARING: "再ヒアリング",
        FollowUpKind.RESUME_AFTER_TIME_OUT: "対応再開",
        FollowUpKind.AFTER_FOLLOW_CHECKIN: "ご様子伺い",
        FollowUpKind.CONFIRM_SCHEDULE_CALL: "訪問日程の確認電話",
        FollowUpKind.VISIT: "訪問",
        FollowUpKind.SATISFACTION_QUESTION: "満足度の確認",
        FollowUpKind.ADDRESS_DISSATISFACTION: "問題点への対応",
        FollowUpKind.UPSELL_PROPOSAL: "新たなご提案",
        FollowUpKind.REFERRAL_REQUEST: "ご紹介のお願い",
        FollowUpKind.SLA_BREACH_ESCALATION: "対応期限超過の上長報告",
        FollowUpKind.STAFF_CHECKIN: "ケア面談",
    }
)

#: Kinds of which a case has at most one open: a newer one replaces the older
#: (a rescheduled visit, a new progress report, an extended time-out).
SINGLE_OPEN_KINDS: frozenset[FollowUpKind] = frozenset(
    {
        FollowUpKind.PROGRESS_REPORT,
        FollowUpKind.VERIFICATION_CHECK,
        FollowUpKind.RESUME_AFTER_TIME_OUT,
        FollowUpKind.CONFIRM_SCHEDULE_CALL,
        FollowUpKind.VISIT,
        FollowUpKind.SATISFACTION_QUESTION,
    }
)

_ANY_OPEN_STAGE: frozenset[Stage] = frozenset(s for s in Stage if not s.is_terminal)

#: The stages in which a follow-up of each kind still makes sense. Entering any other stage
#: cancels it (``followups_to_cancel``). Check-ins are planned *because* a case closed.
VALID_STAGES: Mapping[FollowUpKind, frozenset[Stage]] = MappingProxyType(
    {
        FollowUpKind.PROGRESS_REPORT: frozenset({Stage.EXECUTING}),
        FollowUpKind.VERIFICATION_CHECK: frozenset({Stage.EXECUTING, Stage.VERIFYING}),
        FollowUpKind.REHEARING: frozenset({Stage.VERIFYING, Stage.HEARING}),
        FollowUpKind.RESUME_AFTER_TIME_OUT: _ANY_OPEN_STAGE,
        FollowUpKind.AFTER_FOLLOW_CHECKIN: frozenset(Stage),
        FollowUpKind.CONFIRM_SCHEDULE_CALL: frozenset({Stage.SCHEDULE_CONFIRMATION}),
        FollowUpKind.VISIT: frozenset({Stage.SCHEDULE_CONFIRMATION, Stage.VISIT}),
        FollowUpKind.SATISFACTION_QUESTION: frozenset({Stage.VISIT, Stage.SATISFACTION}),
        FollowUpKind.ADDRESS_DISSATISFACTION: frozenset({Stage.SATISFACTION}),
        FollowUpKind.UPSELL_PROPOSAL: frozenset({Stage.SATISFACTION, Stage.PROPOSAL}),
        FollowUpKind.REFERRAL_REQUEST: frozenset(
            {Stage.SATISFACTION, Stage.PROPOSAL, Stage.REFERRAL}
        ),
        FollowUpKind.SLA_BREACH_ESCALATION: _ANY_OPEN_STAGE,
        # About the staff member, not the case: no stage of the case ends it.
        FollowUpKind.STAFF_CHECKIN: frozenset(Stage),
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedFollowUp:
    """One follow-up to store: what, when, the wording, and a key that makes it unique."""

    kind: FollowUpKind
    due_at: datetime
    title_ja: str
    note_ja: str
    dedupe_key: str
    #: suggested wording to use with the customer (staff may edit it)
    script_ja: str = ""
    #: who should act; ``None`` means the case's assignee
    for_role: Role | None = None

    def __post_init__(self) -> None:
        require_aware(self.due_at, "due_at")


def stamp(moment: datetime) -> str:
    """A compact UTC timestamp for dedupe keys: ``20261123T000000Z``."""
    return require_aware(moment, "moment").astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def dedupe_key(case_id: int | str, kind: FollowUpKind, *parts: str | int) -> str:
    """``case:<id>:<kind>:<part>:…`` — stable for the same case, kind and parts."""
    return ":".join(["case", str(case_id), kind.value, *(str(part) for part in parts)])


class OpenFollowUp(Protocol):
    """Anything with a follow-up kind and key (a model row, a ``PlannedFollowUp`` …)."""

    @property
    def kind(self) -> str:
        """The ``FollowUpKind`` value."""

    @property
    def dedupe_key(self) -> str:
        """The key it was stored under."""


T = TypeVar("T", bound=OpenFollowUp)


def followups_to_cancel(open_followups: Iterable[T], *, new_stage: Stage) -> list[T]:
    """Return the open follow-ups that no longer make sense once the case is in ``new_stage``.

    Closing a case cancels everything except the after-close check-ins; any other stage
    change cancels what belongs to the stage left behind (a progress report once execution
    ends, a verification check once the complaint is back in hearing …). A time-out
    reminder and an SLA escalation survive stage changes until the case closes.
    """
    return [
        followup
        for followup in open_followups
        if new_stage not in VALID_STAGES[FollowUpKind(followup.kind)]
    ]


def superseded_followups(
    open_followups: Iterable[T], *, planned: Iterable[PlannedFollowUp]
) -> list[T]:
    """Return the open follow-ups that newly ``planned`` ones replace (same case assumed).

    Only kinds in ``SINGLE_OPEN_KINDS`` are replaced, and never by themselves (same key):
    rescheduling a visit cancels the old visit reminder, a new progress report the old one.
    """
    planned = list(planned)
    new_kinds = {followup.kind for followup in planned} & SINGLE_OPEN_KINDS
    new_keys = {followup.dedupe_key for followup in planned}
    return [
        followup
        for followup in open_followups
        if followup.kind in new_kinds and followup.dedupe_key not in new_keys
    ]
