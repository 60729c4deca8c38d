"""The plain events the follow-up policy reacts to.

The Django side builds one of these inside the ``do_*`` action that records what
happened (a stage change, a report sent, a visit done …) and passes it to
``plan_followups``. ``case_id`` is the case's primary key; for the after-follow sequence
of a new contract it is the after-follow case opened for that contract. Every datetime
must be timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kamitaiou.method.followups.business_calendar import require_aware
from kamitaiou.method.person_time_place import TimeOutReason
from kamitaiou.method.stages import CaseKind, Stage

CaseId = int | str


@dataclass(frozen=True, slots=True, kw_only=True)
class StageEntered:
    """A case moved into ``stage`` at ``at`` (after ``check_transition`` allowed it)."""

    case_id: CaseId
    kind: CaseKind
    stage: Stage
    at: datetime
    #: this case's progress-report cadence, overriding the company default
    progress_cadence: timedelta | None = None

    def __post_init__(self) -> None:
        require_aware(self.at, "StageEntered.at")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressReportSent:
    """A progress report (§5.4) went out at ``reported_at``; the case is now in ``stage``."""

    case_id: CaseId
    stage: Stage
    reported_at: datetime
    progress_cadence: timedelta | None = None

    def __post_init__(self) -> None:
        require_aware(self.reported_at, "ProgressReportSent.reported_at")


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationRecorded:
    """The result of verifying a complaint's fix (§6.5): improved or not."""

    case_id: CaseId
    improved: bool
    at: datetime

    def __post_init__(self) -> None:
        require_aware(self.at, "VerificationRecorded.at")


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeOutStarted:
    """The case is paused until ``until`` (時間を置く, §9.4)."""

    case_id: CaseId
    at: datetime
    until: datetime
    reason: TimeOutReason | None = None

    def __post_init__(self) -> None:
        require_aware(self.at, "TimeOutStarted.at")
        require_aware(self.until, "TimeOutStarted.until")
        if self.until <= self.at:
            raise ValueError("TimeOutStarted.until must be later than TimeOutStarted.at.")


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractSigned:
    """A new contract: the after-follow sequence (§10) starts."""

    case_id: CaseId
    signed_at: datetime
    product: str = ""

    def __post_init__(self) -> None:
        require_aware(self.signed_at, "ContractSigned.signed_at")


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitScheduled:
    """The customer confirmed a visit at ``visit_at`` by phone (§10.1)."""

    case_id: CaseId
    visit_at: datetime

    def __post_init__(self) -> None:
        require_aware(self.visit_at, "VisitScheduled.visit_at")


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitCompleted:
    """The after-follow visit took place at ``at``."""

    case_id: CaseId
    at: datetime

    def __post_init__(self) -> None:
        require_aware(self.at, "VisitCompleted.at")


@dataclass(frozen=True, slots=True, kw_only=True)
class SatisfactionRecorded:
    """The customer's answer to the satisfaction question (§10.2), 1 (poor) – 5 (very good).

    ``liked`` is what the customer said they liked, in their words; with ``product`` it
    shapes the referral persona (§10.4).
    """

    case_id: CaseId
    score: int
    at: datetime
    product: str = ""
    liked: str = ""

    def __post_init__(self) -> None:
        require_aware(self.at, "SatisfactionRecorded.at")
        if not 1 <= self.score <= 5:
            raise ValueError("A satisfaction score is an integer from 1 to 5.")


PolicyEvent = (
    StageEntered
    | ProgressReportSent
    | VerificationRecorded
    | TimeOutStarted
    | ContractSigned
    | VisitScheduled
    | VisitCompleted
    | SatisfactionRecorded
)
