"""The tamper-evident case record: append events to a per-case hash chain, verify it.

Each event's hash covers the previous hash, its own fields and — for an interaction
event — a digest of the interaction. Editing or deleting any row breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from kamitaiou.cases.models import Case, CaseEvent, Interaction

GENESIS = "0" * 64


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def interaction_digest(interaction: Interaction) -> str:
    """SHA-256 over the fields that make an interaction what it is."""
    return hashlib.sha256(
        _canonical(
            {
                "id": interaction.pk,
                "case": interaction.case_id,
                "direction": interaction.direction,
                "channel": interaction.channel,
                "text": interaction.text,
                "occurred_at": _iso(interaction.occurred_at),
                "author": interaction.author_id,
                "created_at": _iso(interaction.created_at),
            }
        )
    ).hexdigest()


def event_hash(event: CaseEvent, *, interaction: Interaction | None) -> str:
    """The chained hash of ``event`` (its ``prev_hash`` must already be set)."""
    return hashlib.sha256(
        _canonical(
            {
                "prev": event.prev_hash,
                "case": event.case_id,
                "seq": event.seq,
                "kind": event.kind,
                "actor": event.actor_id,
                "data": event.data,
                "created_at": _iso(event.created_at),
                "interaction": interaction_digest(interaction) if interaction else None,
            }
        )
    ).hexdigest()


def append_event(
    case: Case,
    *,
    kind: str,
    actor: Any,
    data: dict[str, Any] | None = None,
    interaction: Interaction | None = None,
) -> CaseEvent:
    """Append one event to ``case``'s record. Call inside the action's transaction,
    with ``case`` freshly locked (``select_for_update``); saves the new chain head."""
    event = CaseEvent(
        case=case,
        seq=case.record_seq + 1,
        kind=kind,
        actor=actor,
        interaction=interaction,
        data=data or {},
        created_at=timezone.now(),
        prev_hash=case.record_head or GENESIS,
    )
    event.hash = event_hash(event, interaction=interaction)
    event.save()
    case.record_seq = event.seq
    case.record_head = event.hash
    return event


def verify_case(case: Case) -> list[str]:
    """Return the problems found in ``case``'s record (empty when it is intact)."""
    problems: list[str] = []
    case = Case.objects.get(pk=case.pk)  # the stored chain head, not a stale copy
    prev = GENESIS
    expected_seq = 1
    events = case.events.select_related("interaction").order_by("seq").iterator(chunk_size=500)
    for event in events:
        if event.seq != expected_seq:
            problems.append(f"case {case.pk}: event #{expected_seq} is missing")
            expected_seq = event.seq
        if event.prev_hash != prev:
            problems.append(f"case {case.pk}: event #{event.seq} does not follow its predecessor")
        if event_hash(event, interaction=event.interaction) != event.hash:
            problems.append(f"case {case.pk}: event #{event.seq} was changed")
        prev = event.hash
        expected_seq += 1
    if case.record_seq != expected_seq - 1 or (case.record_seq and case.record_head != prev):
        problems.append(f"case {case.pk}: the record ends early (events deleted)")
    orphans = Interaction.objects.filter(case=case, event__isnull=True).count()
    if orphans:
        problems.append(f"case {case.pk}: {orphans} interaction(s) outside the record")
    return problems
