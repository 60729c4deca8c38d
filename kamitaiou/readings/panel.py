"""The case page's 「読み取りの訂正」 side panel: each inbound message with the analyzer's
reading, the latest correction beside it (訂正済み), and — for those who may correct — a
form. Two bounded queries (the messages with their latest correction's id, then those
corrections)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest

from kamitaiou.cases.models import Case, Direction, Interaction
from kamitaiou.cases.reading import label_ja
from kamitaiou.readings.actions import Reading, can_correct_reading
from kamitaiou.readings.forms import CorrectionForm
from kamitaiou.readings.models import ReadingCorrection

MESSAGES = 20
EXCERPT = 140
#: a rejected form carried back to the page: ``request.<BOUND>[interaction_id]``
BOUND = "readings_bound"


@dataclass
class MessageReading:
    interaction: Interaction
    excerpt: str
    seq: int | None  # the record entry showing the message
    original: dict[str, Any] | None
    corrected: dict[str, Any] | None
    form: CorrectionForm | None


def _shown(anger: int, labels: list[str]) -> dict[str, Any]:
    return {"anger": anger, "labels": [(label, label_ja(label)) for label in labels]}


def message_reading(
    interaction: Interaction,
    correction: ReadingCorrection | None,
    *,
    can_correct: bool,
    form: CorrectionForm | None = None,
) -> MessageReading:
    """One message of the panel (``interaction.analysis`` should be fetched with it)."""
    analysis = getattr(interaction, "analysis", None)
    original = _shown(analysis.anger, analysis.labels) if analysis is not None else None
    corrected = None
    if correction is not None:
        corrected = {
            **_shown(correction.anger_after, correction.labels_after),
            "by": correction.actor,
            "at": correction.created_at,
            "spans": correction.added_spans,
        }
    if can_correct and form is None:
        if correction is not None:
            reading = Reading(correction.anger_after, tuple(correction.labels_after))
        elif analysis is not None:
            reading = Reading(analysis.anger, tuple(analysis.labels))
        else:
            reading = Reading(0, ())
        form = CorrectionForm(text=interaction.text, reading=reading, prefix=f"r{interaction.pk}")
    text = interaction.text
    excerpt = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
    event = getattr(interaction, "event", None)
    seq = event.seq if event is not None else None
    form = form if can_correct else None
    return MessageReading(interaction, excerpt, seq, original, corrected, form)


def latest_correction_id() -> Subquery:
    return Subquery(
        ReadingCorrection.objects.filter(interaction=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )


def readings_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """The panel's context, or ``None`` when the case has no message from the customer."""
    messages = list(
        case.interactions.filter(direction=Direction.IN)
        .select_related("analysis", "event")
        .annotate(latest_correction=latest_correction_id())
        .order_by("-occurred_at", "-pk")[:MESSAGES]
    )
    if not messages:
        return None
    messages.reverse()
    ids = [m.latest_correction for m in messages if m.latest_correction]  # type: ignore[attr-defined]
    corrections = (
        {c.pk: c for c in ReadingCorrection.objects.filter(pk__in=ids).select_related("actor")}
        if ids
        else {}
    )
    can_correct = can_correct_reading(request.user, case)
    bound = getattr(request, BOUND, {})
    rows = [
        message_reading(
            m,
            corrections.get(m.latest_correction),  # type: ignore[attr-defined]
            can_correct=can_correct,
            form=bound.get(m.pk),
        )
        for m in messages
    ]
    return {"rows": rows, "can_correct": can_correct}


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """Registered in ``ReadingsConfig.ready()``."""
    return readings_panel(request, case)
