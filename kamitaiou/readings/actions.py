"""The only way readings data changes: ``do_*`` actions, atomic and on the case record.

``do_correct_reading`` appends a :class:`ReadingCorrection` and a hash-chained
``reading_corrected`` event in one transaction; the stored analysis stays as the analyzer
made it. Activation of reader models is in :mod:`kamitaiou.readings.models_files`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kamitaiou.accounts.models import Role
from kamitaiou.analysis.model import Label
from kamitaiou.cases.actions import ActionError, lock_case
from kamitaiou.cases.models import Case, Direction, EventKind, Interaction, InteractionAnalysis
from kamitaiou.cases.reading import label_ja
from kamitaiou.cases.record import append_event
from kamitaiou.readings.models import ReadingCorrection

MAX_ANGER = 3
MAX_WORDS = 200
#: Labels a person may add: every analyzer label but the due date (only the grammar
#: resolves one, and the learned reader never learns it).
ADDABLE = tuple(label.value for label in Label if label is not Label.DEADLINE)


@dataclass(frozen=True)
class Reading:
    """A message's reading as the page shows it: the analyzer's, or the latest correction."""

    anger: int
    labels: tuple[str, ...]


def can_correct_reading(user: Any, case: Case) -> bool:
    """A supervisor of the case's team, an admin, or the case's assigned person."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN or case.assignee_id == user.pk:
        return True
    return user.role == Role.SUPERVISOR and user.teams.filter(pk=case.team_id).exists()


def current_reading(interaction: Interaction) -> Reading:
    """The reading in force for ``interaction``: its latest correction, else the analysis."""
    latest = (
        ReadingCorrection.objects.filter(interaction=interaction)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is not None:
        return Reading(latest.anger_after, tuple(latest.labels_after))
    analysis = InteractionAnalysis.objects.filter(interaction=interaction).first()
    if analysis is None:
        return Reading(0, ())
    return Reading(analysis.anger, tuple(analysis.labels))


def find_words(text: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` first occur in ``text`` (raw offsets), or ``None``."""
    words = words.strip()
    start = text.find(words) if words else -1
    return None if start < 0 else (start, start + len(words))


def _summary(
    before: Reading, anger: int, removed: Iterable[str], added: list[dict[str, Any]]
) -> str:
    parts = []
    if anger != before.anger:
        parts.append(f"怒り {before.anger}→{anger}")
    parts.extend(f"追加 {label_ja(a['label'])}「{a['text']}」" for a in added)
    parts.extend(f"削除 {label_ja(label)}" for label in removed)
    return "・".join(parts)


@transaction.atomic
def do_correct_reading(
    actor: Any,
    interaction: Interaction,
    *,
    anger: int,
    remove: Iterable[str] = (),
    add_label: str = "",
    add_words: str = "",
) -> ReadingCorrection:
    """Correct the reading of an inbound message: the anger level, labels removed, and one
    label added with the words of the message that show it. Raises :class:`ActionError`
    for anything wrong; nothing is saved then."""
    case = lock_case(interaction.case)
    if not can_correct_reading(actor, case):
        raise ActionError("この案件の読み取りを訂正できるのは、担当者・チームのSV・管理者です。")
    if interaction.direction != Direction.IN:
        raise ActionError("お客様からのメッセージだけが訂正できます。")
    if not isinstance(anger, int) or not 0 <= anger <= MAX_ANGER:
        raise ActionError("怒りの度合いは0〜3で選んでください。")
    before = current_reading(interaction)
    removed = sorted(set(remove))
    if not set(removed) <= set(before.labels):
        raise ActionError("外せるのは、いま付いているラベルだけです。")
    labels = set(before.labels) - set(removed)
    added: list[dict[str, Any]] = []
    if add_label or add_words.strip():
        if add_label not in ADDABLE:
            raise ActionError("追加するラベルを選んでください。")
        if add_label in labels:
            raise ActionError("そのラベルはすでに付いています。")
        if len(add_words.strip()) > MAX_WORDS:
            raise ActionError(f"根拠の言葉は{MAX_WORDS}文字以内で入力してください。")
        span = find_words(interaction.text, add_words)
        if span is None:
            raise ActionError("根拠の言葉は、メッセージにあるとおりに入力してください。")
        start, end = span
        added.append(
            {"label": add_label, "start": start, "end": end, "text": interaction.text[start:end]}
        )
        labels.add(add_label)
    if anger == before.anger and not removed and not added:
        raise ActionError("訂正する内容がありません（怒りの度合いかラベルを変えてください）。")
    event = append_event(
        case,
        kind=EventKind.READING_CORRECTED,
        actor=actor,
        data={
            "interaction": interaction.pk,
            "anger": [before.anger, anger],
            "labels": [sorted(before.labels), sorted(labels)],
            "removed": removed,
            "added": added,
            "note": _summary(before, anger, removed, added),
        },
    )
    case.save(update_fields=["record_seq", "record_head"])
    return ReadingCorrection.objects.create(
        case=case,
        interaction=interaction,
        actor=actor,
        anger_before=before.anger,
        anger_after=anger,
        labels_before=sorted(before.labels),
        labels_after=sorted(labels),
        added_spans=added,
        event=event,
    )
