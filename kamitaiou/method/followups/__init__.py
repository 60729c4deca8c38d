"""Follow-ups that never slip: the follow-up policy and the SLA clocks (pure Python).

- ``policy.plan_followups(event, settings=…, now=…)``: plain events (``events``) in,
  ``PlannedFollowUp`` rows with dedupe keys out; ``kinds.followups_to_cancel`` and
  ``kinds.superseded_followups`` say which open ones to cancel.
- ``sla.sla_status(...)`` and ``sla.breaches_to_escalate(...)``: first-response and
  resolution clocks in business minutes, minus pauses.
- ``business_calendar`` / ``business_time``: Japanese business days (weekends,
  ``jpholiday`` public holidays, company holidays such as 年末年始) and business-minute
  arithmetic.

``docs/followups.md`` has the defaults and the interpretation of business hours.
"""

from kamitaiou.method.followups.business_calendar import (
    DEFAULT_CALENDAR,
    NEW_YEAR_CLOSURE,
    AnnualClosure,
    BusinessCalendar,
    add_business_days,
)
from kamitaiou.method.followups.business_time import (
    Pause,
    add_business_minutes,
    business_minutes_between,
)
from kamitaiou.method.followups.events import (
    ContractSigned,
    PolicyEvent,
    ProgressReportSent,
    SatisfactionRecorded,
    StageEntered,
    TimeOutStarted,
    VerificationRecorded,
    VisitCompleted,
    VisitScheduled,
)
from kamitaiou.method.followups.kinds import (
    FollowUpKind,
    PlannedFollowUp,
    followups_to_cancel,
    superseded_followups,
)
from kamitaiou.method.followups.personas import suggest_referral_persona
from kamitaiou.method.followups.policy import (
    VerificationOutcome,
    next_after_satisfaction,
    next_progress_report,
    plan_followups,
    verification_result,
)
from kamitaiou.method.followups.settings import DEFAULT_SETTINGS, FollowUpSettings, Offset
from kamitaiou.method.followups.sla import (
    DEFAULT_SLA_POLICIES,
    Priority,
    SlaClock,
    SlaPolicy,
    SlaStatus,
    breaches_to_escalate,
    sla_policy_for,
    sla_status,
)

__all__ = [
    "DEFAULT_CALENDAR",
    "DEFAULT_SETTINGS",
    "DEFAULT_SLA_POLICIES",
    "NEW_YEAR_CLOSURE",
    "AnnualClosure",
    "BusinessCalendar",
    "ContractSigned",
    "FollowUpKind",
    "FollowUpSettings",
    "Offset",
    "Pause",
    "PlannedFollowUp",
    "PolicyEvent",
    "Priority",
    "ProgressReportSent",
    "SatisfactionRecorded",
    "SlaClock",
    "SlaPolicy",
    "SlaStatus",
    "StageEntered",
    "TimeOutStarted",
    "VerificationOutcome",
    "VerificationRecorded",
    "VisitCompleted",
    "VisitScheduled",
    "add_business_days",
    "add_business_minutes",
    "breaches_to_escalate",
    "business_minutes_between",
    "followups_to_cancel",
    "next_after_satisfaction",
    "next_progress_report",
    "plan_followups",
    "sla_policy_for",
    "sla_status",
    "suggest_referral_persona",
    "superseded_followups",
    "verification_result",
]
