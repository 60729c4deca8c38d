"""The case timeline: the record's events, newest page first, bounded."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kamitaiou.cases import reading, workflow
from kamitaiou.cases.models import Case, CaseEvent, EventKind

PAGE = 100


def timeline_for(case: Case, *, before: Any = None) -> tuple[list[CaseEvent], int | None]:
    """Up to ``PAGE`` events before sequence number ``before`` (all when None), oldest
    first, and the cursor for the previous page (None when there is none)."""
    qs = case.events.select_related(
        "actor", "interaction", "interaction__author", "interaction__analysis"
    )
    if before is not None and str(before).isdigit():
        qs = qs.filter(seq__lt=int(before))
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
    if event.kind == EventKind.ASSIGNED:
        return _("Assignee: %(name)s") % {"name": data.get("to_name") or "—"}
    return str(event.get_kind_display())


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
