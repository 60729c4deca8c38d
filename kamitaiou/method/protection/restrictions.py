"""Restriction of service per customer (対応制限), decided by a supervisor.

A restriction names one or more kinds, a written reason and a review date; it is lifted
with a reason. Mail from a restricted customer still lands (nothing is lost): the case
shows the restriction, and says whether a written reply is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType


class Kind(StrEnum):
    """One restriction of service."""

    WRITTEN_ONLY = "written_only"
    PHONE_ONLY = "phone_only"
    TWO_STAFF = "two_staff"
    NO_VISITS = "no_visits"
    REFUSED = "refused"


KIND_JA: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.WRITTEN_ONLY: "書面のみ",
        Kind.PHONE_ONLY: "電話のみ",
        Kind.TWO_STAFF: "二名対応",
        Kind.NO_VISITS: "訪問なし",
        Kind.REFUSED: "対応拒否",
    }
)
KIND_GUIDANCE_JA: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.WRITTEN_ONLY: "電話・訪問では対応せず、書面（メール・郵送）でのみ回答します。",
        Kind.PHONE_ONLY: "電話でのみ対応します。メール等には書面で回答せず、電話で折り返します。",
        Kind.TWO_STAFF: "必ず二名で対応します。一人で電話・面談をしないでください。",
        Kind.NO_VISITS: "訪問・来訪での面談は行いません。",
        Kind.REFUSED: "以後のご対応はお断りしています。連絡があれば上長に回してください。",
    }
)
REASON_MIN = 10
REVIEW_MAX = timedelta(days=366)


def ordered(kinds: Iterable[str]) -> tuple[Kind, ...]:
    """Known kinds among ``kinds``, once each, in their order."""
    seen = set(kinds)
    return tuple(kind for kind in Kind if kind.value in seen)


def kinds_ja(kinds: Iterable[str]) -> str:
    """The kinds in Japanese, joined with 「・」."""
    return "・".join(KIND_JA[kind] for kind in ordered(kinds))


def decision_problems(
    kinds: Iterable[str], *, reason: str, review_on: date | None, today: date
) -> tuple[str, ...]:
    """Why this restriction cannot be decided as given (empty when it can)."""
    chosen = ordered(kinds)
    problems: list[str] = []
    if not chosen:
        problems.append("制限の内容を一つ以上選んでください。")
    if Kind.WRITTEN_ONLY in chosen and Kind.PHONE_ONLY in chosen:
        problems.append("「書面のみ」と「電話のみ」は同時に選べません。")
    if Kind.REFUSED in chosen and len(chosen) > 1:
        problems.append("「対応拒否」は他の制限と併用しません。")
    if len(reason.strip()) < REASON_MIN:
        problems.append(f"理由を具体的に書いてください（{REASON_MIN}文字以上）。")
    if review_on is None:
        problems.append("見直し日を入れてください。")
    elif review_on <= today:
        problems.append("見直し日は明日以降の日付にしてください。")
    elif review_on - today > REVIEW_MAX:
        problems.append("見直し日は一年以内にしてください。")
    return tuple(problems)


def lift_problems(reason: str) -> tuple[str, ...]:
    """Why a restriction cannot be lifted with this reason (empty when it can)."""
    if len(reason.strip()) < REASON_MIN:
        return (f"解除の理由を具体的に書いてください（{REASON_MIN}文字以上）。",)
    return ()


def written_reply_allowed(kinds: Iterable[str]) -> bool:
    """May staff answer in writing (mail) under these restrictions?"""
    chosen = ordered(kinds)
    return Kind.PHONE_ONLY not in chosen and Kind.REFUSED not in chosen


def guidance_ja(kinds: Iterable[str]) -> tuple[str, ...]:
    """What staff do under these restrictions, one line per kind."""
    return tuple(KIND_GUIDANCE_JA[kind] for kind in ordered(kinds))


def review_due(review_on: date, *, today: date) -> bool:
    """True once the review date has come."""
    return review_on <= today
