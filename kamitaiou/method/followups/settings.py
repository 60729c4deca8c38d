"""The tunable defaults of the follow-up policy (an admin sets them per company, §1).

Every field has the default a Japanese sales team or call centre would expect; a case
may override the progress-report cadence (``StageEntered.progress_cadence``).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kamitaiou.method.followups.business_calendar import DEFAULT_CALENDAR, BusinessCalendar


@dataclass(frozen=True, slots=True)
class Offset:
    """A calendar offset: ``months`` calendar months plus ``days`` days.

    Months keep the day of the month, clamped to the month's end (1/31 + 1 month → 2/28).
    """

    days: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        if self.days < 0 or self.months < 0 or (self.days == 0 and self.months == 0):
            raise ValueError("An offset must be positive (days and months not negative).")

    @property
    def label_ja(self) -> str:
        """「1週間後」「1か月後」「3か月後」「10日後」…"""
        parts = []
        if self.months:
            parts.append(f"{self.months}か月")
        if self.days and not self.months and self.days % 7 == 0:
            parts.append(f"{self.days // 7}週間")
        elif self.days:
            parts.append(f"{self.days}日")
        return "".join(parts) + "後"

    @property
    def code(self) -> str:
        """A short stable code for dedupe keys: ``7d``, ``1m``, ``1m15d``."""
        return (f"{self.months}m" if self.months else "") + (f"{self.days}d" if self.days else "")

    def after(self, moment: datetime) -> datetime:
        """``moment`` shifted by this offset (same wall-clock time)."""
        year, month = divmod(moment.month - 1 + self.months, 12)
        year += moment.year
        month += 1
        day = min(moment.day, _stdlib_calendar.monthrange(year, month)[1])
        shifted = moment.replace(year=year, month=month, day=day)
        return shifted + timedelta(days=self.days)


def _default_checkins() -> tuple[Offset, ...]:
    return (Offset(days=7), Offset(months=1), Offset(months=3))


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpSettings:
    """Company-wide follow-up policy. Business-day counts skip weekends and holidays."""

    calendar: BusinessCalendar = DEFAULT_CALENDAR
    #: §5.4: how often an accepted unreasonable demand gets a progress report
    progress_report_cadence: timedelta = timedelta(hours=24)
    #: §6.5: verify a complaint's fix this many business days after execution starts
    verification_after_business_days: int = 3
    #: §6.6: not improved → hear the customer again within this many business minutes
    rehearing_within_business_minutes: int = 120
    #: after a case closes: check in on the customer at these offsets
    after_close_checkins: tuple[Offset, ...] = field(default_factory=_default_checkins)
    #: §10.1: call to confirm the visit schedule this many business days after the contract
    confirm_schedule_after_business_days: int = 5
    #: §10.2: ask satisfaction this many business days after the visit (0: the same day)
    satisfaction_after_business_days: int = 0
    #: §10.2/§10.5: a problem the customer named is answered within this many business days
    dissatisfaction_within_business_days: int = 1
    #: §10.3: propose a new contract this many business days after a satisfied answer
    upsell_after_business_days: int = 3
    #: §10.4: ask for a referral this many business days after a satisfied answer
    referral_after_business_days: int = 3
    #: keep cadence and calendar-offset due times inside business hours
    business_hours_only: bool = True

    def __post_init__(self) -> None:
        if self.progress_report_cadence <= timedelta():
            raise ValueError("progress_report_cadence must be positive.")
        counts = (
            self.verification_after_business_days,
            self.rehearing_within_business_minutes,
            self.confirm_schedule_after_business_days,
            self.satisfaction_after_business_days,
            self.dissatisfaction_within_business_days,
            self.upsell_after_business_days,
            self.referral_after_business_days,
        )
        if any(count < 0 for count in counts):
            raise ValueError("Business-day and business-minute delays must not be negative.")


DEFAULT_SETTINGS = FollowUpSettings()
