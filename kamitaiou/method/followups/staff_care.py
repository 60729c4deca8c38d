"""Care for staff after a customer-harassment incident: when the wellbeing check-ins are.

The 指針 on customer harassment asks employers to look after the worker who was harmed.
Recording an incident plans three check-ins of the targeted staff member with their
supervisor: the next business day, one week later and one month later. Each is a
``PlannedFollowUp`` of kind ``STAFF_CHECKIN`` for a supervisor; its key names the staff
member and the incident (not a case: the check-in is about the person, and it is kept off
the customer's case record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kamitaiou.method.facts import Role
from kamitaiou.method.followups.business_calendar import BusinessCalendar, require_aware
from kamitaiou.method.followups.kinds import FollowUpKind, PlannedFollowUp
from kamitaiou.method.followups.settings import Offset


class CheckInStep(StrEnum):
    """Which of the three check-ins after an incident."""

    NEXT_DAY = "next_day"
    ONE_WEEK = "one_week"
    ONE_MONTH = "one_month"

    @property
    def label_ja(self) -> str:
        """「翌営業日」「1週間後」「1か月後」."""
        return STEP_LABELS_JA[self]


STEP_LABELS_JA: dict[CheckInStep, str] = {
    CheckInStep.NEXT_DAY: "翌営業日",
    CheckInStep.ONE_WEEK: "1週間後",
    CheckInStep.ONE_MONTH: "1か月後",
}

#: What the supervisor is asked to do (no detail of the incident: the title and note travel
#: in reminder mails and calendar feeds).
CHECKIN_NOTE_JA = (
    "カスタマーハラスメントを受けた従業員とのケア面談です。体調や気持ち、"
    "必要な配慮（担当替え・休息・相談窓口の紹介）を伺ってください。"
    "本人は面談を辞退できます。記録は本人・相談窓口・管理者だけが読めます。"
)


@dataclass(frozen=True, slots=True)
class PlannedCheckIn:
    """One planned check-in: its step and the follow-up to store for it."""

    step: CheckInStep
    followup: PlannedFollowUp


def checkin_key(staff_id: int | str, incident_id: int | str, step: CheckInStep) -> str:
    """``staff:<id>:staff_checkin:incident:<id>:<step>`` — one check-in per step and incident."""
    kind = FollowUpKind.STAFF_CHECKIN.value
    return f"staff:{staff_id}:{kind}:incident:{incident_id}:{step.value}"


def checkin_due(
    step: CheckInStep, *, at: datetime, now: datetime, calendar: BusinessCalendar
) -> datetime:
    """When the ``step`` check-in after an incident at ``at`` is due, in business hours.

    The next business day's opening; one week / one month later at the same time of day,
    moved to the next opening when the company is closed then. Never before ``now``.
    """
    require_aware(at, "at")
    require_aware(now, "now")
    if step is CheckInStep.NEXT_DAY:
        due = calendar.opening(calendar.next_business_day(calendar.local_date(at)))
    elif step is CheckInStep.ONE_WEEK:
        due = Offset(days=7).after(at.astimezone(calendar.timezone))
    else:
        due = Offset(months=1).after(at.astimezone(calendar.timezone))
    return calendar.next_open(max(due, now))


def plan_staff_checkins(
    *,
    staff_id: int,
    staff_name: str,
    incident_id: int,
    at: datetime,
    now: datetime,
    calendar: BusinessCalendar,
) -> list[PlannedCheckIn]:
    """The three check-ins of ``staff_id`` after incident ``incident_id`` (at ``at``)."""
    return [
        PlannedCheckIn(
            step=step,
            followup=PlannedFollowUp(
                kind=FollowUpKind.STAFF_CHECKIN,
                due_at=checkin_due(step, at=at, now=now, calendar=calendar),
                title_ja=f"{staff_name}さんとのケア面談（{step.label_ja}）",
                note_ja=CHECKIN_NOTE_JA,
                dedupe_key=checkin_key(staff_id, incident_id, step),
                for_role=Role.SUPERVISOR,
            ),
        )
        for step in CheckInStep
    ]
