"""The outcome recorded on every case (METHOD.md §11, with §4 and §7).

Closing a case requires a valid ``Outcome`` (see ``guards.outcome_recorded``). The
durations of §11 (time to first response, time to resolution) are derived from
timestamps the Django side already has; ``case_metrics`` computes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

TRUST_MIN = 1
TRUST_MAX = 5


class Ending(StrEnum):
    """The three endings of §7. The method aims for ③ (fan)."""

    TRUST_LOST = "trust_lost"
    RELATIONSHIP_CONTINUES = "relationship_continues"
    FAN = "fan"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return ENDING_LABELS_JA[self]


ENDING_LABELS_JA: Mapping[Ending, str] = MappingProxyType(
    {
        Ending.TRUST_LOST: "① 怒りは収まったが信頼を失い、関係は終了",
        Ending.RELATIONSHIP_CONTINUES: "② 怒りが収まり、関係は継続",
        Ending.FAN: "③ 怒りが収まり、以前より信頼が高まってファンになった",
    }
)


class Impact(StrEnum):
    """The four things a demand can turn into (§4)."""

    COMPLAINT = "complaint"
    LIABILITY = "liability"
    TRUST = "trust"
    NEW_BUSINESS = "new_business"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return IMPACT_LABELS_JA[self]


IMPACT_LABELS_JA: Mapping[Impact, str] = MappingProxyType(
    {
        Impact.COMPLAINT: "クレームに発展した",
        Impact.LIABILITY: "責任問題・損害賠償に発展した",
        Impact.TRUST: "信頼を得た",
        Impact.NEW_BUSINESS: "新たなビジネスにつながった",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """How a case ended. Built from a form as-is; ``validate_outcome`` judges it."""

    ending: Ending
    impacts: frozenset[Impact] = frozenset()
    trust_before: int
    trust_after: int
    referrals: int = 0
    new_contracts: int = 0


def validate_outcome(outcome: Outcome) -> list[str]:
    """Return Japanese errors for an impossible or self-contradicting outcome."""
    errors: list[str] = []
    trust_ok = True
    for name, value in (("対応前", outcome.trust_before), ("対応後", outcome.trust_after)):
        if not TRUST_MIN <= value <= TRUST_MAX:
            errors.append(f"{name}の信頼度は{TRUST_MIN}〜{TRUST_MAX}で入力してください。")
            trust_ok = False
    if outcome.referrals < 0:
        errors.append("紹介件数は0件以上で入力してください。")
    if outcome.new_contracts < 0:
        errors.append("新規契約件数は0件以上で入力してください。")
    if trust_ok:
        rose = outcome.trust_after > outcome.trust_before
        if outcome.ending is Ending.FAN and not rose:
            errors.append("③（ファン）は、対応後の信頼度が対応前より高い場合にだけ選べます。")
        if outcome.ending is Ending.TRUST_LOST and rose:
            errors.append("信頼度が上がっている場合、①（信頼を失った）は選べません。")
    if outcome.ending is Ending.TRUST_LOST and Impact.TRUST in outcome.impacts:
        errors.append("①（信頼を失った）と「信頼を得た」は同時に選べません。")
    return errors


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseMetrics:
    """The durations §11 asks for; ``None`` when not (yet) known."""

    time_to_first_response: timedelta | None
    time_to_resolution: timedelta | None
    escalations: int


def case_metrics(
    received_at: datetime,
    *,
    first_response_at: datetime | None = None,
    resolved_at: datetime | None = None,
    escalations: int = 0,
) -> CaseMetrics:
    """Compute time to first response and time to resolution (§6.1, §11)."""
    return CaseMetrics(
        time_to_first_response=(
            None if first_response_at is None else first_response_at - received_at
        ),
        time_to_resolution=None if resolved_at is None else resolved_at - received_at,
        escalations=escalations,
    )
