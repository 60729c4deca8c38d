"""Escalating legal threats and damages claims to a supervisor (METHOD.md §9.5).

Report early and hand over the full case. ``handover_summary`` builds the Japanese
handover text from plain data the Django side already holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType

from kamitaiou.method.facts import APPROVER_ROLES, Role

#: Analyzer labels that oblige staff to hand the case to a supervisor.
ESCALATION_LABELS: tuple[str, ...] = ("legal_threat", "damages_claim")

ESCALATION_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {"legal_threat": "法的手段の示唆", "damages_claim": "損害賠償の請求"}
)

#: Never encourage litigation: whether to sue is the customer's own decision.
NO_ENCOURAGEMENT_NOTE = (
    "訴訟を促すような発言（「どうぞ」など）はしないでください。"
    "法的手段をとるかどうかは、お客様ご自身が判断されることです。"
)

DIRECTION_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {"inbound": "お客様→当社", "outbound": "当社→お客様", "internal": "社内メモ"}
)

CHANNEL_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "phone": "電話",
        "email": "メール",
        "mail": "メール",
        "visit": "訪問",
        "chat": "チャット",
        "letter": "書面",
        "sms": "SMS",
        "web": "Webフォーム",
    }
)

DEMAND_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "deadline": "納期",
        "refund": "返金",
        "replacement": "交換",
        "discount": "値引き",
        "compensation": "補償",
        "visit": "訪問",
        "cancel": "解約・取引停止",
        "escalate_to_manager": "責任者の対応",
        "special_treatment": "特別対応",
        "damages_claim": "損害賠償",
    }
)

#: (when, direction, channel, text) — direction "inbound" / "outbound" / "internal"
TimelineEntry = tuple[datetime, str, str, str]
#: (label, evidence text), e.g. ("deadline", "今週中")
Demand = tuple[str, str]


def needs_escalation(labels: Iterable[str]) -> bool:
    """True when the analyzer saw a legal threat or a damages claim (§9.5)."""
    return any(label in ESCALATION_LABELS for label in labels)


def escalation_reasons(labels: Iterable[str]) -> list[str]:
    """Return the Japanese reasons for escalating, in a fixed order."""
    seen = set(labels)
    return [ESCALATION_LABELS_JA[label] for label in ESCALATION_LABELS if label in seen]


def reassign_refusal(
    *, actor_role: Role | None, held_by_supervisor: bool, reason: str
) -> str | None:
    """§9.5: may ``actor_role`` change the assignee of a case now? ``None`` when yes.

    Once a supervisor has taken over an escalated case (a legal threat or a damages
    claim), the case stays with them: only a supervisor or an admin may hand it to
    someone else, and only with a written reason that goes on the record. Otherwise
    anyone on the team may take or reassign the case.
    """
    if not held_by_supervisor:
        return None
    if actor_role not in APPROVER_ROLES:
        return (
            "この案件はエスカレーションにより上長（SV）が対応中です。"
            "担当を変えられるのは上長（SV）または管理者のみです。"
        )
    if not reason.strip():
        return "上長が対応中の案件の担当を変える理由を記入してください（記録に残ります）。"
    return None


def truncate(text: str, *, limit: int) -> str:
    """Collapse whitespace and cut ``text`` to ``limit`` characters, ending with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 0)] + "…"


def _last(entries: list[TimelineEntry], count: int) -> list[TimelineEntry]:
    # entries[-0:] would be the whole list, hence the explicit check
    return entries[-count:] if count > 0 else []


def _entry_line(entry: TimelineEntry, *, limit: int) -> str:
    at, direction, channel, text = entry
    return (
        f"- {at:%Y-%m-%d %H:%M} [{DIRECTION_LABELS_JA.get(direction, direction)}"
        f"・{CHANNEL_LABELS_JA.get(channel, channel)}] {truncate(text, limit=limit)}"
    )


def handover_summary(
    timeline: Sequence[TimelineEntry],
    *,
    demands: Sequence[Demand] = (),
    promises: Sequence[TimelineEntry] | None = None,
    open_risks: Sequence[str] = (),
    labels: Iterable[str] = (),
    title: str = "",
    last_n: int = 10,
    max_chars: int = 120,
) -> str:
    """Build the Japanese handover text for a supervisor (§9.4 担当を変える, §9.5).

    ``timeline`` is every interaction, oldest first or not (it is sorted); the digest
    keeps the last ``last_n``, each text cut to ``max_chars``. ``promises`` are the
    outbound entries in which something was promised; when ``None`` the last
    ``last_n`` outbound entries of the timeline stand in for them. Datetimes are
    printed as given: pass them already converted to local time.
    """
    ordered = sorted(timeline, key=lambda entry: entry[0])
    if promises is None:
        promises = [entry for entry in ordered if entry[1] == "outbound"]
    promised = _last(sorted(promises, key=lambda entry: entry[0]), last_n)
    digest = _last(ordered, last_n)
    lines = [f"【引き継ぎ】{title}" if title else "【引き継ぎ】"]
    reasons = escalation_reasons(labels)
    if reasons:
        lines += [f"エスカレーション理由: {'・'.join(reasons)}", f"※{NO_ENCOURAGEMENT_NOTE}"]
    lines.append("")
    lines.append(f"■ 経緯（直近{len(digest)}件／全{len(ordered)}件）")
    lines += [_entry_line(entry, limit=max_chars) for entry in digest] or ["- 記録なし"]
    lines.append("")
    lines.append("■ お客様のご要望")
    lines += [
        f"- {DEMAND_LABELS_JA.get(label, label)}: 「{truncate(evidence, limit=max_chars)}」"
        for label, evidence in demands
    ] or ["- 記録なし"]
    lines.append("")
    lines.append("■ 当社がお約束したこと")
    lines += [_entry_line(entry, limit=max_chars) for entry in promised] or ["- 記録なし"]
    lines.append("")
    lines.append("■ 未解決のリスク")
    lines += [f"- {truncate(risk, limit=max_chars)}" for risk in open_risks] or ["- なし"]
    return "\n".join(lines)
