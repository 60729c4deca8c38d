"""Store what the pure policy plans: create keyed follow-ups, cancel what no longer applies.

Every function here runs inside the caller's transaction with the case locked
(``select_for_update``), so two requests planning for the same case queue up; the unique
``dedupe_key`` makes planning the same event twice harmless. Each follow-up created,
completed, skipped or cancelled is also an entry of the case record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from kamitaiou.accounts.models import Role, User
from kamitaiou.cases.models import Case, EventKind
from kamitaiou.cases.record import append_event
from kamitaiou.followups.models import CaseCadence, FollowUp, FollowUpSettings, Status
from kamitaiou.method.followups import (
    FollowUpKind,
    PlannedFollowUp,
    PolicyEvent,
    followups_to_cancel,
    plan_followups,
    superseded_followups,
)
from kamitaiou.method.followups import (
    FollowUpSettings as PolicySettings,
)
from kamitaiou.method.stages import CaseKind, Stage

#: The kind of follow-up entries on the case record. Not (yet) one of ``EventKind``'s
#: choices: adding it there needs a migration of the cases app (docs/decisions/0006).
RECORD_KIND = EventKind.FOLLOWUP
CANCEL_NOTE_STAGE = "段階が「{stage}」に変わったため、システムが取り消しました。"
CANCEL_NOTE_SUPERSEDED = "新しい予定に置き換わったため、システムが取り消しました。"


def policy_settings() -> PolicySettings:
    """The company's follow-up settings as the pure core's object."""
    return FollowUpSettings.load().to_policy()


def case_cadence(case: Case) -> timedelta | None:
    """The case's own progress-report cadence, or ``None`` for the company default."""
    row = CaseCadence.objects.filter(case=case).only("hours").first()
    return row.cadence if row is not None else None


def supervisor_for(case: Case) -> Any:
    """A supervisor of the case's team (the longest-serving one), or ``None``."""
    return (
        User.objects.filter(role=Role.SUPERVISOR, is_active=True, teams=case.team_id)
        .order_by("pk")
        .first()
    )


def record_followup(
    case: Case, followup: FollowUp, *, action: str, actor: Any, note: str = ""
) -> None:
    """Append a follow-up entry (created / done / skipped / cancelled) to the case record."""
    append_event(
        case,
        kind=RECORD_KIND,
        actor=actor,
        data={
            "action": action,
            "followup": followup.pk,
            "followup_kind": followup.kind,
            "title": followup.title,
            "due_at": followup.due_at.isoformat(),
            "note": note,
        },
    )


def save_chain_head(case: Case) -> None:
    case.save(update_fields=["record_seq", "record_head"])


def cancel(case: Case, rows: Iterable[FollowUp], *, note: str, now: datetime) -> int:
    """Skip ``rows`` as the system (no ``done_by``), each with ``note`` on the record."""
    count = 0
    for row in rows:
        if row.status != Status.OPEN:
            continue
        row.status, row.done_at, row.result_note = Status.SKIPPED, now, note
        row.save(update_fields=["status", "done_at", "result_note"])
        record_followup(case, row, action="cancelled", actor=None, note=note)
        count += 1
    return count


def fulfil(
    case: Case, kinds: Iterable[FollowUpKind], *, actor: Any, note: str, now: datetime
) -> int:
    """Mark the open follow-ups of ``kinds`` done: what they asked for was just recorded
    (a progress report sent from the method panel fulfils the pending one)."""
    count = 0
    for row in case.followups.filter(status=Status.OPEN, kind__in=[k.value for k in kinds]):
        row.status, row.done_at, row.done_by, row.result_note = Status.DONE, now, actor, note
        row.save(update_fields=["status", "done_at", "done_by", "result_note"])
        record_followup(case, row, action="done", actor=actor, note=note)
        count += 1
    return count


def store(
    case: Case,
    planned: Iterable[PlannedFollowUp],
    *,
    actor: Any,
    anchor_at: datetime | None = None,
    suggested_stage: Stage | None = None,
) -> list[FollowUp]:
    """Create the planned follow-ups that do not exist yet (by key); return the new ones."""
    created = []
    for plan in planned:
        owner = supervisor_for(case) if plan.for_role == Role.SUPERVISOR else None
        row, made = FollowUp.objects.get_or_create(
            dedupe_key=plan.dedupe_key,
            defaults={
                "case": case,
                "customer_id": case.customer_id,
                "kind": plan.kind.value,
                "due_at": plan.due_at,
                "anchor_at": anchor_at,
                "owner": owner,
                "for_role": plan.for_role.value if plan.for_role else "",
                "title": plan.title_ja[:200],
                "note": plan.note_ja,
                "script": plan.script_ja,
                "suggested_stage": suggested_stage.value if suggested_stage else "",
            },
        )
        if made:
            record_followup(case, row, action="created", actor=actor)
            created.append(row)
    return created


def apply_event(
    case: Case,
    event: PolicyEvent,
    *,
    actor: Any,
    anchor_at: datetime | None = None,
    new_stage: Stage | None = None,
    suggested_stage: Stage | None = None,
    fulfils: Iterable[FollowUpKind] = (),
    fulfil_note: str = "",
    now: datetime | None = None,
) -> list[FollowUp]:
    """Plan ``event`` for the locked ``case``: cancel what it ends, store what it plans.

    With ``new_stage`` the open follow-ups that make no sense in that stage are cancelled
    first (``followups_to_cancel``); open ones of the ``fulfils`` kinds are marked done
    (what they asked for just happened); a newly planned follow-up of a one-at-a-time kind
    replaces the open one (``superseded_followups``). Saves the record's chain head.
    """
    now = now or timezone.now()
    planned = plan_followups(event, settings=policy_settings(), now=now)
    seq_before = case.record_seq
    fulfil(case, fulfils, actor=actor, note=fulfil_note, now=now)
    open_rows = list(case.followups.filter(status=Status.OPEN))
    if new_stage is not None:
        stale = followups_to_cancel(open_rows, new_stage=new_stage)
        if case.kind != CaseKind.AFTER_FOLLOW and not new_stage.is_terminal:
            # A visit fixed with the customer to calm a complaint (§9.4 change the place)
            # stands whatever step the conversation is at; only closing cancels it.
            stale = [row for row in stale if row.kind != FollowUpKind.VISIT]
        cancel(case, stale, note=CANCEL_NOTE_STAGE.format(stage=new_stage.label_ja), now=now)
        open_rows = [row for row in open_rows if row.status == Status.OPEN]
    cancel(
        case,
        superseded_followups(open_rows, planned=planned),
        note=CANCEL_NOTE_SUPERSEDED,
        now=now,
    )
    created = store(
        case, planned, actor=actor, anchor_at=anchor_at, suggested_stage=suggested_stage
    )
    if case.record_seq != seq_before:
        save_chain_head(case)
    return created
