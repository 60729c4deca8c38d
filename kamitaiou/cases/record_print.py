"""The printable case record for a legal handover (issue #14 item 7, decision 0023).

The whole record in order — every interaction with its analyzer reading and notes, every
method move, escalation, approval, incident, coach override and follow-up — each event
with its hash, and the chain's verification as ``record.verify_case`` finds it. Printing
is itself an event on the record (``do_print_record``): who printed it and when.

Only the public ``verify_case`` and ``event.hash`` are read here, so a change of how the
chain is computed or verified needs no change in this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases import workflow
from kamitaiou.cases.actions import lock_case, touch_case
from kamitaiou.cases.models import Case, CaseEvent, EventKind
from kamitaiou.cases.record import append_event, verify_case
from kamitaiou.cases.timeline import describe, record_events

#: Events are read and described this many at a time (bounded memory on long records).
CHUNK = 500


@transaction.atomic
def do_print_record(actor: Any, case: Case) -> CaseEvent:
    """Put on ``case``'s record that ``actor`` printed it now; returns that event."""
    locked = lock_case(case)
    event = append_event(locked, kind=EventKind.RECORD_PRINTED, actor=actor, data={})
    touch_case(locked, fields=[])
    return event


@dataclass(frozen=True)
class PrintableRecord:
    case: Case
    stage_label: str
    events: list[CaseEvent]
    #: what ``verify_case`` found (empty: the record is intact)
    problems: list[str]
    printed: CaseEvent | None
    verified_at: Any

    @property
    def intact(self) -> bool:
        return not self.problems


def printable_record(case: Case, *, printed: CaseEvent | None = None) -> PrintableRecord:
    """Every event of ``case``, described as the case page describes them, oldest first,
    with the chain's verification (run now)."""
    events: list[CaseEvent] = []
    chunk: list[CaseEvent] = []
    for event in record_events(case).order_by("seq").iterator(chunk_size=CHUNK):
        chunk.append(event)
        if len(chunk) >= CHUNK:
            describe(chunk, kind=case.kind)
            events.extend(chunk)
            chunk = []
    describe(chunk, kind=case.kind)
    events.extend(chunk)
    return PrintableRecord(
        case=case,
        stage_label=workflow.stage_label(case.kind, case.stage),
        events=events,
        problems=verify_case(case),
        printed=printed,
        verified_at=timezone.now(),
    )
