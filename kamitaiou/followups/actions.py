"""The only way follow-up data changes: ``do_*`` actions, atomic and on the case record.

Completing a follow-up does what it asked for through the cases app's own actions (a
progress report is recorded with ``do_record_progress_report``, a satisfaction score
with ``do_record_fact`` …), inside the same transaction: a refused step rolls the whole
completion back, so nothing is half-saved.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import ActionError, do_create_case, lock_case
from kamitaiou.cases.customer_edits import do_create_contract
from kamitaiou.cases.models import Case, CaseKind, Contract, Customer, Priority
from kamitaiou.cases.record import append_event
from kamitaiou.followups import planning
from kamitaiou.followups.access import FollowUpRights
from kamitaiou.followups.models import CalendarFeed, CaseCadence, FollowUp, SlaPause, Status
from kamitaiou.method.followups import (
    ContractSigned,
    FollowUpKind,
    ProgressReportSent,
    VisitCompleted,
    next_progress_report,
)
from kamitaiou.method.referral import persona_problem
from kamitaiou.method.stages import Stage

K = FollowUpKind
#: A contract starting more than a year from now is a typo: its after-follow would be idle.
CONTRACT_START_AHEAD = timedelta(days=366)


@dataclass(frozen=True, kw_only=True)
class Completion:
    """What the person entered when completing a follow-up (fields depend on the kind)."""

    note: str = ""
    #: progress_report: what was reported, and how
    report_text: str = ""
    channel: str = "phone"
    #: verification_check: did the situation improve?
    improved: bool | None = None
    #: confirm_schedule_call: the visit date agreed on the phone
    visit_at: datetime | None = None
    #: satisfaction_question: 1–5, and what the customer liked (shapes the referral persona)
    score: int | None = None
    liked: str = ""
    #: referral_request: the concrete persona asked about (edited suggestion)
    persona: str = ""


def _missing(kind: FollowUpKind, done: Completion) -> str | None:
    if kind is K.PROGRESS_REPORT and not done.report_text.strip():
        return "ご報告した内容を入力してください。"
    if kind is K.VERIFICATION_CHECK and done.improved is None:
        return "状況が改善したかどうかを選んでください。"
    if kind is K.CONFIRM_SCHEDULE_CALL and done.visit_at is None:
        return "お客様と確認した訪問日時を入力してください。"
    if kind is K.SATISFACTION_QUESTION and (done.score is None or not 1 <= done.score <= 5):
        return "満足度を1〜5で選んでください。"
    if kind is K.REFERRAL_REQUEST:
        # §10.4: empty or vague (「誰か紹介してください」) is refused with the reason why.
        return persona_problem(done.persona)
    return None


def _lock(actor: Any, followup: FollowUp) -> tuple[Case | None, FollowUp]:
    # Lock order: the case first, then the follow-up (the hooks lock in the same order).
    case = lock_case(followup.case) if followup.case_id else None
    row = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("case", "case__assignee", "customer", "owner")
        .get(pk=followup.pk)
    )
    if row.status != Status.OPEN:
        raise ActionError("この予定はすでに完了またはスキップされています。")
    refusal = FollowUpRights(actor).refusal(row)
    if refusal:
        raise ActionError(refusal)
    return case, row


def _do_what_it_asked(actor: Any, case: Case, row: FollowUp, done: Completion) -> None:
    kind = row.kind_enum
    if kind is K.PROGRESS_REPORT:
        ma.do_record_progress_report(actor, case, text=done.report_text, channel=done.channel)
    elif kind is K.VERIFICATION_CHECK:
        ma.do_record_fact(
            actor, case, fact="verification_improved", value=bool(done.improved), note=done.note
        )
    elif kind is K.CONFIRM_SCHEDULE_CALL:
        assert done.visit_at is not None
        ma.do_plan_visit(actor, case, planned_at=done.visit_at, confirmed=True, note=done.note)
    elif kind is K.VISIT:
        now = timezone.now()
        planning.apply_event(
            case, VisitCompleted(case_id=case.pk, at=now), actor=actor, anchor_at=now, now=now
        )
    elif kind is K.SATISFACTION_QUESTION:
        ma.do_record_fact(actor, case, fact="satisfaction", value=done.score, note=done.liked)
    elif kind is K.REFERRAL_REQUEST:
        ma.do_record_fact(
            actor, case, fact="referral_persona", value=done.persona.strip(), note=done.note
        )


@transaction.atomic
def do_complete_followup(actor: Any, followup: FollowUp, *, done: Completion) -> FollowUp:
    """Mark ``followup`` done and record what it asked for (a report, a score, a visit …)."""
    case, row = _lock(actor, followup)
    problem = _missing(row.kind_enum, done)
    if problem:
        raise ActionError(problem)
    now = timezone.now()
    row.status, row.done_at, row.done_by = Status.DONE, now, actor
    row.result_note = done.note.strip()
    if row.kind_enum is K.REFERRAL_REQUEST:
        row.script = done.persona.strip()
    row.save(update_fields=["status", "done_at", "done_by", "result_note", "script"])
    if case is None:
        return row
    planning.record_followup(case, row, action="done", actor=actor, note=row.result_note)
    if row.kind_enum is K.VISIT:
        _do_what_it_asked(actor, case, row, done)  # plans on this locked case, saves the head
    else:
        planning.save_chain_head(case)
        _do_what_it_asked(actor, case, row, done)  # the cases action re-locks the case
    return row


@transaction.atomic
def do_skip_followup(actor: Any, followup: FollowUp, *, note: str) -> FollowUp:
    """Skip ``followup`` with a reason. A skipped progress report keeps the cadence going."""
    note = note.strip()
    if not note:
        raise ActionError("スキップする理由を入力してください。")
    case, row = _lock(actor, followup)
    now = timezone.now()
    row.status, row.done_at, row.done_by, row.result_note = Status.SKIPPED, now, actor, note
    row.save(update_fields=["status", "done_at", "done_by", "result_note"])
    if case is None:
        return row
    planning.record_followup(case, row, action="skipped", actor=actor, note=note)
    planning.save_chain_head(case)
    if row.kind_enum is K.PROGRESS_REPORT and case.stage == Stage.EXECUTING:
        # §5.4: reports go on "until done"; skipping one does not stop the cadence.
        event = ProgressReportSent(
            case_id=case.pk,
            stage=Stage.EXECUTING,
            reported_at=now,
            progress_cadence=planning.case_cadence(case),
        )
        planning.apply_event(case, event, actor=actor, anchor_at=now, now=now)
    return row


def _record(case: Case, *, actor: Any, action: str, value: Any = None, note: str = "") -> None:
    append_event(
        case,
        kind=planning.RECORD_KIND,
        actor=actor,
        data={"action": action, "value": value, "note": note},
    )
    planning.save_chain_head(case)


@transaction.atomic
def do_pause_sla(actor: Any, case: Case, *, note: str = "") -> SlaPause:
    """「お客様の返答待ち」: stop the SLA clocks until the customer answers."""
    locked = lock_case(case)
    if locked.closed_at is not None:
        raise ActionError("この案件は完了しています。")
    if SlaPause.objects.filter(case=locked, end__isnull=True).exists():
        raise ActionError("すでに「お客様の返答待ち」になっています。")
    pause = SlaPause.objects.create(
        case=locked,
        start=timezone.now(),
        reason=SlaPause.Reason.WAITING_ON_CUSTOMER,
        note=note.strip(),
        started_by=actor,
    )
    _record(locked, actor=actor, action="sla_paused", note=pause.note)
    return pause


@transaction.atomic
def do_resume_sla(actor: Any, case: Case) -> SlaPause:
    """The customer answered: the SLA clocks run again."""
    locked = lock_case(case)
    pause = end_customer_wait(actor, locked, at=timezone.now())
    if pause is None:
        raise ActionError("「お客様の返答待ち」ではありません。")
    return pause


def end_customer_wait(actor: Any, case: Case, *, at: datetime, note: str = "") -> SlaPause | None:
    """End the open 「お客様の返答待ち」 pause of ``case`` (locked by the caller) at ``at``
    (kept between the pause's start and now); None if the case was not waiting."""
    pause = SlaPause.objects.select_for_update().filter(case=case, end__isnull=True).first()
    if pause is None:
        return None
    pause.end = max(min(at, timezone.now()), pause.start + timedelta(seconds=1))
    pause.ended_by = actor
    pause.save(update_fields=["end", "ended_by"])
    _record(case, actor=actor, action="sla_resumed", note=note)
    return pause


@transaction.atomic
def do_set_progress_cadence(actor: Any, case: Case, *, hours: int) -> CaseCadence:
    """§5.4: this case's progress reports every ``hours`` (the open one moves too)."""
    if not 1 <= hours <= 24 * 90:
        raise ActionError("進捗報告の間隔は1〜2160時間で入力してください。")
    locked = lock_case(case)
    if locked.closed_at is not None:
        raise ActionError("この案件は完了しています。")
    cadence, _created = CaseCadence.objects.update_or_create(
        case=locked, defaults={"hours": hours, "set_by": actor, "set_at": timezone.now()}
    )
    now = timezone.now()
    settings = planning.policy_settings()
    calendar = settings.calendar if settings.business_hours_only else None
    for row in locked.followups.filter(status=Status.OPEN, kind=K.PROGRESS_REPORT):
        anchor = row.anchor_at or row.created_at
        row.due_at = next_progress_report(
            anchor, cadence=cadence.cadence, now=now, calendar=calendar
        )
        row.save(update_fields=["due_at"])
    _record(locked, actor=actor, action="cadence_set", value=hours)
    return cadence


@transaction.atomic
def do_add_contract(
    actor: Any,
    customer: Customer,
    *,
    product: str,
    start_date: date,
    end_date: date | None = None,
    terms: str = "",
) -> Contract:
    """A new contract (§10): the row through ``customer_edits.do_create_contract`` (checked
    and announced there — its ``ContractSaved`` seals the customer's other cases, decision
    0022), then its after-follow case starts with the schedule call."""
    if start_date > timezone.localdate() + CONTRACT_START_AHEAD:
        raise ActionError("開始日は、1年以内の日付を指定してください。")
    contract = do_create_contract(
        actor, customer, product=product, start_date=start_date, end_date=end_date, terms=terms
    )
    start_after_follow(actor, contract)
    return contract


def start_after_follow(actor: Any, contract: Contract) -> Case:
    """Open the after-follow case of a new contract and plan the schedule call (§10.1)."""
    customer = contract.customer
    in_team = actor is not None and actor.teams.filter(pk=customer.team_id).exists()
    case = do_create_case(
        actor,
        kind=CaseKind.AFTER_FOLLOW,
        title=f"{contract.product} ご契約後のアフターフォロー"[:200],
        team=customer.team,
        priority=Priority.NORMAL,
        customer=customer,
        contract=contract,
        assignee=actor if in_team else None,
    )
    locked = lock_case(case)
    now = timezone.now()
    event = ContractSigned(case_id=locked.pk, signed_at=now, product=contract.product)
    planning.apply_event(locked, event, actor=actor, anchor_at=now, now=now)
    return locked


@transaction.atomic
def do_issue_calendar_token(user: Any) -> CalendarFeed:
    """Give ``user`` a new secret calendar URL (the old one stops working)."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()}
    )
    return feed


@transaction.atomic
def do_revoke_calendar_token(user: Any) -> None:
    """Stop ``user``'s calendar URL (it answers 404 from now on)."""
    CalendarFeed.objects.filter(user=user).delete()
