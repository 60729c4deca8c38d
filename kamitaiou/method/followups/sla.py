"""SLA clocks: time to first response (§6.1 respond early) and time to resolution.

A ``SlaPolicy`` holds the two targets, in business minutes, for one case kind and
priority; ``DEFAULT_SLA_POLICIES`` is the default table (``docs/followups.md``).
``sla_status`` measures both clocks on a ``BusinessCalendar`` minus pauses (waiting on
the customer, a time-out): elapsed, remaining, due time, met or breached. A clock is
breached as soon as its due moment has passed unmet (due 18:00, nothing by 18:05 →
breached, although no business minute has passed since). ``breaches_to_escalate`` turns
running breaches into one supervisor follow-up per clock and case, ever.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from kamitaiou.method.facts import Role
from kamitaiou.method.followups.business_calendar import (
    DEFAULT_CALENDAR,
    BusinessCalendar,
    format_ja,
    require_aware,
)
from kamitaiou.method.followups.business_time import (
    Pause,
    add_business_minutes,
    business_time_between,
)
from kamitaiou.method.followups.events import CaseId
from kamitaiou.method.followups.kinds import FollowUpKind, PlannedFollowUp, dedupe_key
from kamitaiou.method.stages import CaseKind


class Priority(StrEnum):
    """How urgent a case is."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return PRIORITY_LABELS_JA[self]


PRIORITY_LABELS_JA: Mapping[Priority, str] = MappingProxyType(
    {Priority.LOW: "低", Priority.NORMAL: "通常", Priority.HIGH: "高", Priority.URGENT: "緊急"}
)


class SlaClockName(StrEnum):
    """The two clocks of a case."""

    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return "初回対応" if self is SlaClockName.FIRST_RESPONSE else "解決"


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Targets in business minutes; ``None`` means no target for that clock."""

    first_response_minutes: int | None
    resolution_minutes: int | None

    def __post_init__(self) -> None:
        for target in (self.first_response_minutes, self.resolution_minutes):
            if target is not None and target < 0:
                raise ValueError("SLA targets must not be negative.")


#: One business day on the default calendar (9:00–18:00).
DAY = 9 * 60
_C, _U, _S, _A = (
    CaseKind.COMPLAINT,
    CaseKind.UNREASONABLE_DEMAND,
    CaseKind.SPECIAL_REQUEST,
    CaseKind.AFTER_FOLLOW,
)
_P = Priority

#: The default targets. Unreasonable demands have no resolution target: delivery dates are
#: the customer's own (made to order in two months) and the progress-report cadence is
#: their clock (§5.4). After-follow is proactive: its clock is the follow-up schedule.
DEFAULT_SLA_POLICIES: Mapping[tuple[CaseKind, Priority], SlaPolicy] = MappingProxyType(
    {
        (_C, _P.URGENT): SlaPolicy(30, 1 * DAY),
        (_C, _P.HIGH): SlaPolicy(60, 2 * DAY),
        (_C, _P.NORMAL): SlaPolicy(120, 3 * DAY),
        (_C, _P.LOW): SlaPolicy(240, 5 * DAY),
        (_U, _P.URGENT): SlaPolicy(30, None),
        (_U, _P.HIGH): SlaPolicy(60, None),
        (_U, _P.NORMAL): SlaPolicy(120, None),
        (_U, _P.LOW): SlaPolicy(240, None),
        (_S, _P.URGENT): SlaPolicy(60, 1 * DAY),
        (_S, _P.HIGH): SlaPolicy(120, 3 * DAY),
        (_S, _P.NORMAL): SlaPolicy(240, 5 * DAY),
        (_S, _P.LOW): SlaPolicy(1 * DAY, 10 * DAY),
        **{(_A, priority): SlaPolicy(None, None) for priority in Priority},
    }
)


def sla_policy_for(
    kind: CaseKind,
    *,
    priority: Priority,
    overrides: Mapping[tuple[CaseKind, Priority], SlaPolicy] | None = None,
) -> SlaPolicy:
    """The policy for ``kind`` at ``priority``: the company's override, else the default."""
    if overrides is not None and (kind, priority) in overrides:
        return overrides[(kind, priority)]
    return DEFAULT_SLA_POLICIES[(kind, priority)]


@dataclass(frozen=True, slots=True, kw_only=True)
class SlaClock:
    """One clock. Minutes are whole business minutes, pauses excluded."""

    name: SlaClockName
    target_minutes: int | None
    elapsed_minutes: int
    #: ``None`` without a target; never negative (see ``overdue_minutes``)
    remaining_minutes: int | None
    overdue_minutes: int
    due_at: datetime | None
    #: when the clock stopped (first response / resolution), ``None`` while running
    met_at: datetime | None
    breached: bool

    @property
    def running(self) -> bool:
        """True until the clock is met."""
        return self.met_at is None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlaStatus:
    """Both clocks of a case, and whether it is paused now."""

    first_response: SlaClock
    resolution: SlaClock
    paused_now: bool

    @property
    def breached(self) -> bool:
        """True when either clock is breached."""
        return self.first_response.breached or self.resolution.breached


def _clock(
    name: SlaClockName,
    *,
    opened_at: datetime,
    met_at: datetime | None,
    target: int | None,
    pauses: tuple[Pause, ...],
    calendar: BusinessCalendar,
    now: datetime,
) -> SlaClock:
    end = met_at if met_at is not None else now
    elapsed = business_time_between(opened_at, end, calendar=calendar, pauses=pauses)
    minute = timedelta(minutes=1)
    if target is None:
        return SlaClock(
            name=name,
            target_minutes=None,
            elapsed_minutes=elapsed // minute,
            remaining_minutes=None,
            overdue_minutes=0,
            due_at=None,
            met_at=met_at,
            breached=False,
        )
    # An open pause is projected to end now (or when the clock stopped): the due time is
    # "if work resumed now". Pauses starting after the clock stopped cannot move it.
    closed = [Pause(p.start, p.end if p.end is not None else end) for p in pauses if p.start < end]
    due_at = add_business_minutes(opened_at, target, calendar=calendar, pauses=closed)
    budget = timedelta(minutes=target)
    return SlaClock(
        name=name,
        target_minutes=target,
        elapsed_minutes=elapsed // minute,
        remaining_minutes=max(budget - elapsed, timedelta()) // minute,
        overdue_minutes=max(elapsed - budget, timedelta()) // minute,
        due_at=due_at,
        met_at=met_at,
        breached=end > due_at,
    )


def sla_status(
    *,
    opened_at: datetime,
    first_response_at: datetime | None,
    resolved_at: datetime | None,
    pauses: Iterable[Pause],
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    now: datetime,
) -> SlaStatus:
    """Measure both clocks of a case opened at ``opened_at``, as of ``now``.

    Resolving counts as responding when no first response was recorded. Pauses stop both
    clocks; an open-ended pause lasts until ``now``. Raises ``ValueError`` for naive
    datetimes and for a response or resolution before the case opened.
    """
    require_aware(opened_at, "opened_at")
    require_aware(now, "now")
    if now < opened_at:
        raise ValueError("now must not be earlier than opened_at.")
    for moment, label in ((first_response_at, "first_response_at"), (resolved_at, "resolved_at")):
        if moment is not None and require_aware(moment, label) < opened_at:
            raise ValueError(f"{label} must not be earlier than opened_at.")
    pauses = tuple(pauses)
    responded_at = first_response_at if first_response_at is not None else resolved_at
    first_response = _clock(
        SlaClockName.FIRST_RESPONSE,
        opened_at=opened_at,
        met_at=responded_at,
        target=policy.first_response_minutes,
        pauses=pauses,
        calendar=calendar,
        now=now,
    )
    resolution = _clock(
        SlaClockName.RESOLUTION,
        opened_at=opened_at,
        met_at=resolved_at,
        target=policy.resolution_minutes,
        pauses=pauses,
        calendar=calendar,
        now=now,
    )
    return SlaStatus(
        first_response=first_response,
        resolution=resolution,
        paused_now=resolved_at is None and any(pause.is_active(now) for pause in pauses),
    )


def breaches_to_escalate(
    status: SlaStatus,
    *,
    case_id: CaseId,
    now: datetime,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
) -> list[PlannedFollowUp]:
    """Supervisor follow-ups for every clock that is breached and still running.

    The dedupe key names only the case and the clock, so a breach escalates once however
    often this runs; a clock met late (already responded / resolved) is not escalated —
    it shows in the reports instead.
    """
    require_aware(now, "now")
    planned = []
    for clock in (status.first_response, status.resolution):
        if not (clock.breached and clock.running) or clock.due_at is None:
            continue
        planned.append(
            PlannedFollowUp(
                kind=FollowUpKind.SLA_BREACH_ESCALATION,
                due_at=now,
                title_ja=f"対応期限超過（{clock.name.label_ja}）",
                note_ja=(
                    f"{clock.name.label_ja}の期限（{format_ja(clock.due_at, calendar=calendar)}）"
                    "を過ぎています。担当者の状況を確認し、必要なら担当を変えてください"
                    "（§6.1 早期対応・§9.4・§10.5 放置は信頼を損なう）。"
                ),
                dedupe_key=dedupe_key(case_id, FollowUpKind.SLA_BREACH_ESCALATION, clock.name),
                for_role=Role.SUPERVISOR,
            )
        )
    return planned
