"""The case timeline: the record's events, newest page first, bounded."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kamitaiou.cases import reading, workflow
from kamitaiou.cases.models import Case, CaseEvent, EventKind
from kamitaiou.params import parse_id

PAGE = 100


def timeline_for(case: Case, *, before: Any = None) -> tuple[list[CaseEvent], int | None]:
    """Up to ``PAGE`` events before sequence number ``before`` (all when None), oldest
    first, and the cursor for the previous page (None when there is none)."""
    qs = case.events.select_related(
        "actor", "interaction", "interaction__author", "interaction__analysis"
    )
    cursor = parse_id(before)
    if cursor is not None:
        qs = qs.filter(seq__lt=cursor)
    page = list(qs.order_by("-seq")[: PAGE + 1])
    older = page[PAGE - 1].seq if len(page) > PAGE else None
    entries = page[:PAGE]
    entries.reverse()
    for event in entries:
        event.summary = summarize(event, kind=case.kind)  # type: ignore[attr-defined]
        event.reading = _reading(event.interaction)  # type: ignore[attr-defined]
    return entries, older


def summarize(event: CaseEvent, *, kind: str) -> str:
    """One line saying what an event recorded, in the user's language."""
    data = event.data or {}
    if event.kind == EventKind.CREATED:
        return _("Case opened (stage: %(stage)s).") % {
            "stage": workflow.stage_label(kind, data.get("stage", ""))
        }
    if event.kind == EventKind.STAGE_CHANGED:
        return _("Stage: %(source)s → %(target)s") % {
            "source": workflow.stage_label(kind, data.get("from", "")),
            "target": workflow.stage_label(kind, data.get("to", "")),
        }
    if event.kind in (EventKind.ASSIGNED, EventKind.ESCALATION_ACCEPTED, EventKind.REASSIGNED):
        line = f"{event.get_kind_display()} — " + _("Assignee: %(name)s") % {
            "name": data.get("to_name") or "—"
        }
        return _with(line, data.get("reason"), data.get("handover_note"))
    detail = _DETAILS.get(event.kind)
    return _with(
        str(event.get_kind_display()),
        detail(data) if detail else None,
        data.get("note") or data.get("reason"),
    )


def _with(head: str, *parts: Any) -> str:
    extra = [str(part) for part in parts if part not in (None, "", [])]
    return "：".join([head, " / ".join(extra)]) if extra else head


def _fact(data: dict[str, Any]) -> str:
    label = workflow.FACTS.get(data.get("fact", ""), (None, data.get("fact", "")))[1]
    value = data.get("value")
    shown = {True: "はい", False: "いいえ"}.get(value, value) if isinstance(value, bool) else value
    return f"{label} = {shown}"


def _assessed(data: dict[str, Any]) -> str:
    return (
        f"成功の見込み{data.get('probability')}%・期待値{data.get('expected_value_yen', 0):,}円"
        f"・推奨 {data.get('recommendation')}・判断 {data.get('decision')}"
    )


_FOLLOWUP_ACTIONS = {
    "created": "予定",
    "done": "完了",
    "skipped": "見送り",
    "cancelled": "取り消し",
}
#: SLA clock records carry no follow-up title or due date: a line of their own.
_SLA_ACTIONS = {
    "sla_paused": "お客様の返答待ち（対応期限の時計を停止）",
    "sla_resumed": "対応期限の時計を再開",
}


def _followup(data: dict[str, Any]) -> str:
    action = data.get("action")
    if action in _SLA_ACTIONS:
        return _SLA_ACTIONS[action]
    return (
        f"{_FOLLOWUP_ACTIONS.get(action, action)} "
        f"「{data.get('title', '')}」（期限 {data.get('due_at', '')[:16].replace('T', ' ')}）"
    )


_DETAILS = {
    EventKind.FACT_RECORDED: _fact,
    EventKind.ASSESSED: _assessed,
    EventKind.SCOPE_FIXED: lambda d: " / ".join(
        f"{a.get('answer', '')}（{a.get('attribution', '')}）" for a in d.get("answers", [])
    ),
    EventKind.TIME_OUT: lambda d: f"〜{d.get('until', '')[:16].replace('T', ' ')}",
    EventKind.VISIT_PLANNED: lambda d: d.get("planned_at", "")[:16].replace("T", " "),
    EventKind.INCIDENT: lambda d: "・".join(d.get("labels", [])),
    EventKind.OUTCOME: lambda d: (
        f"{d.get('ending')}・信頼 {d.get('trust_before')}→{d.get('trust_after')}"
    ),
    EventKind.KIND_CHANGED: lambda d: f"{d.get('from')} → {d.get('to')}",
    EventKind.BACKGROUND: lambda d: d.get("text", "")[:80],
    EventKind.FOLLOWUP: _followup,
}


def _reading(interaction: Any) -> dict[str, Any] | None:
    analysis = getattr(interaction, "analysis", None) if interaction is not None else None
    if analysis is None:
        return None
    return {
        "html": reading.highlighted(interaction.text, analysis.signals),
        "labels": [(label, reading.label_ja(label)) for label in analysis.labels],
        "anger": analysis.anger,
        "anxiety": analysis.anxiety,
        "next_step": reading.next_step_ja(analysis.next_step),
    }
