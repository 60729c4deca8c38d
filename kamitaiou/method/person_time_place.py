"""Changing the person, the time or the place (METHOD.md §9.4).

When a customer still won't accept: change the **person** (担当を変える), the **time**
(時間を置く — especially when the customer is very excited or facts are unverified) or
the **place** (visit in person — date fixed first, speaking with the customer directly,
not through a third party). These functions validate the request and return Japanese
errors (an empty list means valid). Datetimes must be timezone-aware.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from kamitaiou.method.facts import APPROVER_ROLES, Role


class TimeOutReason(StrEnum):
    """Why the case is paused (§9.4)."""

    CUSTOMER_EXCITED = "customer_excited"
    FACTS_UNVERIFIED = "facts_unverified"
    OTHER = "other"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return TIME_OUT_REASON_LABELS_JA[self]


TIME_OUT_REASON_LABELS_JA: Mapping[TimeOutReason, str] = MappingProxyType(
    {
        TimeOutReason.CUSTOMER_EXCITED: "お客様が非常に興奮されている",
        TimeOutReason.FACTS_UNVERIFIED: "事実関係がまだ確認できていない",
        TimeOutReason.OTHER: "その他",
    }
)

_AWARE = "日時はタイムゾーン付きで指定してください。"
#: A time-out is days or weeks (§9.4); more than a year ahead is a typo or an attack.
MAX_TIME_OUT = timedelta(days=366)
#: A visit is planned at most two years ahead.
MAX_VISIT_AHEAD = timedelta(days=2 * 366)


def _is_naive(moment: datetime) -> bool:
    return moment.tzinfo is None or moment.utcoffset() is None


def validate_reassign(
    current_assignee: int | str | None,
    *,
    new_assignee: int | str | None,
    reason: str,
    handover_note: str,
    new_assignee_role: Role | None = None,
    for_escalation: bool = False,
) -> list[str]:
    """Validate handing a case to another person (担当を変える).

    A reassignment needs a new assignee different from the current one, a reason and a
    handover note. An escalation (§9.5) must go to a supervisor or an admin.
    """
    errors: list[str] = []
    if new_assignee is None:
        errors.append("新しい担当者を選んでください。")
    elif new_assignee == current_assignee:
        errors.append("新しい担当者は、現在の担当者と別の人を選んでください。")
    if not reason.strip():
        errors.append("担当を変える理由を記入してください。")
    if not handover_note.strip():
        errors.append("引き継ぎメモを記入してください（経緯・ご要望・約束したこと）。")
    if for_escalation and new_assignee_role not in APPROVER_ROLES:
        errors.append("エスカレーションの引き継ぎ先は、上長（SV）または管理者にしてください。")
    return errors


def validate_time_out(
    until: datetime, *, now: datetime, reason: TimeOutReason | None, note: str = ""
) -> list[str]:
    """Validate pausing a case until ``until`` (時間を置く).

    The pause must end in the future and have a reason; "other" needs a written note.
    """
    errors: list[str] = []
    if _is_naive(until) or _is_naive(now):
        errors.append(_AWARE)
    elif until <= now:
        errors.append("再開日時は、現在より後の日時を指定してください。")
    elif until > now + MAX_TIME_OUT:
        errors.append("再開日時は、1年以内の日時を指定してください。")
    if reason is None:
        errors.append("時間を置く理由を選んでください。")
    elif reason is TimeOutReason.OTHER and not note.strip():
        errors.append("「その他」の場合は、理由を記入してください。")
    return errors


def validate_visit(
    planned_at: datetime,
    *,
    now: datetime,
    confirmed_with_customer: bool,
    through_third_party: bool = False,
) -> list[str]:
    """Validate marking a visit as scheduled (場所を変える, and §10.1).

    The date must be in the future and confirmed with the customer beforehand, and the
    visit is with the customer in person — not through a third party.
    """
    errors: list[str] = []
    if _is_naive(planned_at) or _is_naive(now):
        errors.append(_AWARE)
    elif planned_at <= now:
        errors.append("訪問日時は、現在より後の日時を指定してください。")
    elif planned_at > now + MAX_VISIT_AHEAD:
        errors.append("訪問日時は、2年以内の日時を指定してください。")
    if not confirmed_with_customer:
        errors.append("訪問日時をお客様に確認してから、予定に登録してください。")
    if through_third_party:
        errors.append("第三者を介さず、お客様ご本人と直接お話ししてください。")
    return errors
