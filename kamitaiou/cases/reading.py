"""The analyzer inside the app: read each inbound message when it is saved, keep what
was read, and let it steer the case (urgency, escalation, harassment protocol).

Relative dates (今週中, 明日の朝一 …) resolve against the time the customer said them
(``occurred_at``), not the time the note was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kamitaiou.analysis import analyze, lexicon_version
from kamitaiou.analysis.display import LABEL_JA, NEXT_STEP_JA
from kamitaiou.analysis.model import Label, NextStep
from kamitaiou.analysis.reader.active import reader_version
from kamitaiou.cases.models import Case, ForbiddenRequest, Interaction, InteractionAnalysis

THREAT_LABELS = frozenset(
    {"legal_threat", "damages_claim", "violence_threat", "sns_exposure", "intimidation"}
)


def reading_version() -> str:
    """What a stored reading was made with: the lexicons and the reader model in force
    (``lexicon+model``, at most 29 characters). ``reanalyze`` refreshes any other."""
    return f"{lexicon_version()}+{reader_version()}"


ILLEGAL_LABELS = frozenset({"tax_evasion", "falsification"})


def illegal_evidence(case: Case) -> dict[str, list[str]]:
    """The texts the analyzer highlighted for each illegal label of ``case`` (§9.2), so the
    refusal explains what was actually asked. One query, only when there is such a label."""
    if not ILLEGAL_LABELS & set(case.labels or ()):
        return {}
    evidence: dict[str, list[str]] = {}
    rows = InteractionAnalysis.objects.filter(interaction__case=case).values_list(
        "signals", flat=True
    )
    for signals in rows:
        for signal in signals:
            if signal["label"] in ILLEGAL_LABELS:
                evidence.setdefault(signal["label"], []).append(signal["text"])
    return evidence


def read_interaction(interaction: Interaction) -> InteractionAnalysis:
    """Analyse (or re-analyse) one inbound interaction and store the result."""
    result = analyze(interaction.text, now=timezone.localtime(interaction.occurred_at)).to_dict()
    analysis, _created = InteractionAnalysis.objects.update_or_create(
        interaction=interaction,
        defaults={
            "anger": result["anger"],
            "anxiety": result["anxiety"],
            "labels": result["labels"],
            "signals": result["signals"],
            "anger_evidence": result["anger_evidence"],
            "anger_score": result["anger_score"],
            "next_step": result["next_step"],
            "lexicon_version": reading_version(),
            "analyzed_at": timezone.now(),
        },
    )
    return analysis


def _earliest_due(signals: list[dict[str, Any]], *, after: datetime) -> datetime | None:
    dues = [
        datetime.fromisoformat(s["detail"]["due"])
        for s in signals
        if s["label"] == "deadline" and s.get("detail", {}).get("due")
    ]
    upcoming = [due for due in dues if due >= after]
    return min(upcoming) if upcoming else None


def policy_matches(text: str) -> list[str]:
    """Names of the admin-kept forbidden-request entries whose phrases occur in ``text``."""
    return [
        entry.name
        for entry in ForbiddenRequest.objects.filter(active=True)
        if any(phrase in text for phrase in entry.phrase_list())
    ]


def apply_reading(
    case: Case, analysis: InteractionAnalysis, *, text: str, occurred_at: datetime
) -> None:
    """Fold one message's reading into the (locked) case; the caller saves
    ``actions.RECORD_FIELDS``."""
    case.labels = sorted(set(case.labels or ()) | set(analysis.labels))
    case.anger = analysis.anger
    case.threat = case.threat or bool(THREAT_LABELS & set(analysis.labels))
    due = _earliest_due(analysis.signals, after=occurred_at)
    if due is not None and (
        case.due_at is None or case.due_at < timezone.now() or due < case.due_at
    ):
        case.due_at = due
    matches = policy_matches(text)
    if matches:
        known = set(case.facts.get("policy_matches", ()))
        case.facts = {**case.facts, "policy_matches": sorted(known | set(matches))}


def highlighted(
    text: str,
    signals: list[dict[str, Any]],
    anger_evidence: Sequence[dict[str, Any]] = (),
) -> SafeString:
    """``text`` as HTML with each evidence span wrapped in a labelled ``<mark>``; the words
    behind the anger reading (where no label's evidence is) get a quieter ``sig-anger``."""
    parts: list[str] = []
    cursor = 0
    # A label's evidence wins where the two overlap: it says more than "angry".
    anger_marks = [
        {**e, "label": "anger"}
        for e in anger_evidence
        if not any(e["start"] < s["end"] and s["start"] < e["end"] for s in signals)
    ]
    marks = [*signals, *anger_marks]
    for signal in sorted(marks, key=lambda s: (s["start"], -s["end"])):
        start, end = signal["start"], signal["end"]
        if start < cursor or end > len(text) or start >= end:
            continue
        label = signal["label"]
        parts.append(escape(text[cursor:start]))
        title = _("Why the anger was read") if label == "anger" else label_ja(label)
        due = signal.get("detail", {}).get("due")
        if due:
            title += f"（{timezone.localtime(datetime.fromisoformat(due)):%m/%d %H:%M}）"
        parts.append(
            f'<mark class="sig sig-{escape(label)}" title="{escape(title)}">'
            f"{escape(text[start:end])}</mark>"
        )
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 — every part escaped


def label_ja(label: str) -> str:
    """The Japanese name of an analyzer label."""
    try:
        return LABEL_JA[Label(label)]
    except ValueError:
        return label


def next_step_ja(step: str) -> str:
    """The Japanese description of the recommended next step."""
    try:
        return NEXT_STEP_JA[NextStep(step)]
    except ValueError:
        return step


def recompute_case_reading(case: Case) -> None:
    """Rebuild the case's labels, anger, threat and due date from its stored readings
    (after ``reanalyze``). Derived fields only: the record itself is untouched."""
    analyses = list(
        InteractionAnalysis.objects.filter(interaction__case=case)
        .select_related("interaction")
        .order_by("interaction__occurred_at", "interaction_id")
    )
    labels: set[str] = set()
    dues: list[datetime] = []
    for analysis in analyses:
        labels |= set(analysis.labels)
        due = _earliest_due(analysis.signals, after=analysis.interaction.occurred_at)
        if due is not None:
            dues.append(due)
    now = timezone.now()
    case.labels = sorted(labels)
    case.anger = analyses[-1].anger if analyses else 0
    case.threat = bool(THREAT_LABELS & labels) or case.escalations.exists()
    upcoming = [due for due in dues if due >= now]
    case.due_at = min(upcoming) if upcoming else (max(dues) if dues else None)
    case.refresh_inbox_order()
    case.save(
        update_fields=["labels", "anger", "threat", "due_at", "urgency", "inbox_rank", "inbox_due"]
    )
