"""The case timeline: the record's events, newest page first, bounded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from kamitaiou.cases import coaching, labels, reading, record_hooks, workflow
from kamitaiou.cases.models import Case, CaseEvent, EventKind, Priority
from kamitaiou.params import parse_id

PAGE = 100


def timeline_for(case: Case, *, before: Any = None) -> tuple[list[CaseEvent], int | None]:
    """Up to ``PAGE`` events before sequence number ``before`` (all when None), oldest
    first, and the cursor for the previous page (None when there is none)."""
    qs = record_events(case)
    cursor = parse_id(before)
    if cursor is not None:
        qs = qs.filter(seq__lt=cursor)
    page = list(qs.order_by("-seq")[: PAGE + 1])
    older = page[PAGE - 1].seq if len(page) > PAGE else None
    entries = page[:PAGE]
    entries.reverse()
    describe(entries, kind=case.kind)
    return entries, older


def record_events(case: Case) -> Any:
    """``case``'s events with what the record shows of them joined in."""
    return case.events.select_related(
        "actor",
        "interaction",
        "interaction__author",
        "interaction__analysis",
        "interaction__coaching__confirmed_by",
        *(f"interaction__{path}" for path in record_hooks.related_paths()),
    )


def describe(entries: list[CaseEvent], *, kind: str) -> None:
    """Give each event of ``entries`` (from ``record_events``) its summary line, reading,
    notes and coach confirmation, as the record shows them."""
    notes = record_hooks.notes_for([e.interaction for e in entries if e.interaction is not None])
    for event in entries:
        event.notes = notes.get(event.interaction_id or 0, [])  # type: ignore[attr-defined]
        event.summary = summarize(event, kind=kind)  # type: ignore[attr-defined]
        event.reading = _reading(event.interaction)  # type: ignore[attr-defined]
        event.confirmation = _confirmation(event.interaction)  # type: ignore[attr-defined]


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
    reason = None if event.kind in _CODED_REASON else data.get("reason")
    return _with(
        str(event.get_kind_display()),
        detail(data) if detail else None,
        data.get("note") or reason,
    )


def _with(head: str, *parts: Any) -> str:
    extra = [str(part) for part in parts if part not in (None, "", [])]
    return "：".join([head, " / ".join(extra)]) if extra else head


def local_time(raw: Any) -> str:
    """A stored ISO moment as ``YYYY-MM-DD HH:MM`` in the user's time zone (Asia/Tokyo
    unless activated otherwise). Event data keeps whatever offset it was written with
    (often UTC), so slicing the string would show the wrong hour."""
    if not isinstance(raw, str) or not raw:
        return ""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return raw[:16].replace("T", " ")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _fact(data: dict[str, Any]) -> str:
    name = data.get("fact", "")
    label = labels.fact_label(name, workflow.FACTS.get(name, (None, ""))[1]) or name
    value = data.get("value")
    shown = {True: _("yes"), False: _("no")}.get(value, value) if isinstance(value, bool) else value
    return f"{label} = {shown}"


def _assessed(data: dict[str, Any]) -> str:
    return _(
        "chance of success %(probability)s%% · expected value ¥%(value)s · "
        "recommended: %(recommendation)s · decided: %(decision)s"
    ) % {
        "probability": data.get("probability"),
        "value": f"{data.get('expected_value_yen', 0):,}",
        "recommendation": labels.label("decision", data.get("recommendation")),
        "decision": labels.label("decision", data.get("decision")),
    }


def _followup_action(action: Any) -> str:
    names = {
        "created": _("Planned"),
        "done": _("Done"),
        "skipped": _("Skipped"),
        "cancelled": _("Cancelled"),
        # SLA clock records carry no follow-up title or due date: a line of their own.
        "sla_paused": _("Waiting for the customer's reply (the deadline clocks stop)"),
        "sla_resumed": _("The deadline clocks run again"),
    }
    return names.get(action) or labels.label("followup_action", action)


def _followup(data: dict[str, Any]) -> str:
    action = data.get("action")
    if action in ("sla_paused", "sla_resumed"):
        return _followup_action(action)
    return _("%(action)s 「%(title)s」 (due %(due)s)") % {
        "action": _followup_action(action),
        "title": data.get("title", ""),
        "due": local_time(data.get("due_at")),
    }


def _scope(data: dict[str, Any]) -> str:
    return " / ".join(
        f"{a.get('answer', '')}（{labels.label('attribution', a.get('attribution'))}）"
        for a in data.get("answers", [])
    )


def _time_out(data: dict[str, Any]) -> str:
    line = f"〜{local_time(data.get('until'))}"
    reason = data.get("reason")
    return f"{line}（{labels.label('time_out_reason', reason)}）" if reason else line


def _priorities(source: Any, target: Any) -> str:
    names = dict(Priority.choices)
    return f"{names.get(source, '—')} → {names.get(target, '—')}"


def _outcome(data: dict[str, Any]) -> str:
    return _("%(ending)s · trust %(before)s→%(after)s") % {
        "ending": labels.label("ending", data.get("ending")),
        "before": data.get("trust_before"),
        "after": data.get("trust_after"),
    }


_DETAILS = {
    EventKind.FACT_RECORDED: _fact,
    EventKind.ASSESSED: _assessed,
    EventKind.SCOPE_FIXED: _scope,
    EventKind.TIME_OUT: _time_out,
    EventKind.VISIT_PLANNED: lambda d: local_time(d.get("planned_at")),
    # the protection app's record writes carry their own summary line (decision 0021)
    EventKind.INCIDENT: lambda d: (
        d.get("summary") or labels.labels("harassment", d.get("labels", []))
    ),
    EventKind.OUTCOME: _outcome,
    EventKind.KIND_CHANGED: lambda d: (
        f"{labels.label('kind', d.get('from'))} → {labels.label('kind', d.get('to'))}"
    ),
    EventKind.BACKGROUND: lambda d: d.get("text", "")[:80],
    EventKind.FOLLOWUP: _followup,
    EventKind.PRIORITY_CHANGED: lambda d: _priorities(d.get("from"), d.get("to")),
    EventKind.RESEALED: lambda d: _("%(count)s earlier entries") % {"count": d.get("events", 0)},
    EventKind.ERASED: lambda d: (
        _("%(interactions)s interactions, %(events)s entries")
        % {
            "interactions": d.get("counts", {}).get("interactions", 0),
            "events": d.get("counts", {}).get("events", 0),
        }
    ),
    EventKind.OVERRIDE_JUDGED: lambda d: (
        _("%(code)s — %(verdict)s")
        % {
            "code": d.get("code", ""),
            "verdict": {
                "coach_wrong": _("The coach was wrong"),
                "writer_wrong": _("The writer was wrong"),
            }.get(d.get("verdict", ""), d.get("verdict", "")),
        }
    ),
}
#: Event kinds whose ``reason`` is a code, shown by their detail line (not as free text).
_CODED_REASON = frozenset({EventKind.TIME_OUT})


def _confirmation(interaction: Any) -> dict[str, Any] | None:
    if interaction is None:
        return None
    try:
        return coaching.confirmation(interaction)
    except ObjectDoesNotExist:  # no coaching kept with this interaction
        return None


def _reading(interaction: Any) -> dict[str, Any] | None:
    analysis = getattr(interaction, "analysis", None) if interaction is not None else None
    if analysis is None:
        return None
    return {
        "html": reading.highlighted(interaction.text, analysis.signals, analysis.anger_evidence),
        "labels": [(label, labels.label("label", label)) for label in analysis.labels],
        "anger": analysis.anger,
        "anxiety": analysis.anxiety,
        "next_step": labels.label("next_step", analysis.next_step),
    }
