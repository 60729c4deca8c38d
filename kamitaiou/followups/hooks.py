"""What the follow-ups app does when the cases app announces an event (decision 0008).

The actions in ``kamitaiou.cases`` announce ``kamitaiou.cases.events`` at their end,
inside their transaction, with the case they locked and saved; ``subscribe_all()`` (run
from ``FollowupsConfig.ready()``) hooks the handlers below in. A failure here rolls the
whole action back, so a stage change never happens without its follow-ups. This module is
imported from ``ready()`` only, once every model is loaded.
"""

from __future__ import annotations

from django.utils import timezone

from kamitaiou.cases import events
from kamitaiou.followups import planning
from kamitaiou.followups.actions import end_customer_wait
from kamitaiou.followups.models import SlaPause
from kamitaiou.method.followups import (
    FollowUpKind,
    ProgressReportSent,
    SatisfactionRecorded,
    StageEntered,
    TimeOutStarted,
    VerificationRecorded,
    VisitScheduled,
    verification_result,
)
from kamitaiou.method.person_time_place import TimeOutReason
from kamitaiou.method.stages import CaseKind, Stage


def on_stage_changed(changed: events.StageChanged) -> None:
    """A case entered ``target``: plan what the stage calls for, cancel what it ends."""
    actor, case, target = changed.actor, changed.case, changed.target
    now = timezone.now()
    stage = Stage(target)
    event = StageEntered(
        case_id=case.pk,
        kind=CaseKind(case.kind),
        stage=stage,
        at=case.closed_at if stage.is_terminal and case.closed_at else now,
        progress_cadence=planning.case_cadence(case),
    )
    planning.apply_event(case, event, actor=actor, anchor_at=event.at, new_stage=stage, now=now)


def on_progress_report(report: events.ProgressReportRecorded) -> None:
    """A progress report went out (§5.4): plan the next one while executing."""
    actor, case, at = report.actor, report.case, report.at
    event = ProgressReportSent(
        case_id=case.pk,
        stage=Stage(case.stage),
        reported_at=at,
        progress_cadence=planning.case_cadence(case),
    )
    planning.apply_event(
        case,
        event,
        actor=actor,
        anchor_at=at,
        fulfils=[FollowUpKind.PROGRESS_REPORT],
        fulfil_note="進捗報告を記録しました。",
    )


def on_time_out(time_out: events.TimeOutTaken) -> None:
    """The case takes time (§9.4): a reminder to resume, and the SLA clocks pause."""
    actor, case, until, reason = time_out.actor, time_out.case, time_out.until, time_out.reason
    now = timezone.now()
    try:
        why: TimeOutReason | None = TimeOutReason(reason)
    except ValueError:
        why = None
    event = TimeOutStarted(case_id=case.pk, at=now, until=until, reason=why)
    planning.apply_event(case, event, actor=actor, anchor_at=now, now=now)
    SlaPause.objects.create(
        case=case, start=now, end=until, reason=SlaPause.Reason.TIME_OUT, started_by=actor
    )


def on_inbound(contact: events.CustomerContacted) -> None:
    """The customer wrote or called: a wait for their answer is over, the clocks run again.

    The pause ends when the customer answered (``at``, never before the pause began nor
    after now): if their answer is logged an hour late, that hour counts on the clock.
    """
    end_customer_wait(
        contact.actor, contact.case, at=contact.at, note="お客様から返答がありました。"
    )


def on_fact_recorded(recorded: events.FactRecorded) -> None:
    """Verification (§6.5–6) and satisfaction (§10.2–4) answers plan what follows."""
    actor, case, fact, value = recorded.actor, recorded.case, recorded.fact, recorded.value
    note = recorded.note
    now = timezone.now()
    if fact == "verification_improved":
        event = VerificationRecorded(case_id=case.pk, improved=bool(value), at=now)
        outcome = verification_result(event, settings=planning.policy_settings(), now=now)
        planning.apply_event(
            case,
            event,
            actor=actor,
            anchor_at=now,
            suggested_stage=outcome.suggested_stage,
            fulfils=[FollowUpKind.VERIFICATION_CHECK, FollowUpKind.REHEARING],
            fulfil_note=f"検証結果を記録しました（{'改善' if value else '改善せず'}）。",
        )
    elif fact == "satisfaction":
        product = case.contract.product if case.contract_id else ""
        satisfaction = SatisfactionRecorded(
            case_id=case.pk, score=int(value), at=now, product=product, liked=note[:200]
        )
        planning.apply_event(
            case,
            satisfaction,
            actor=actor,
            anchor_at=now,
            fulfils=[FollowUpKind.SATISFACTION_QUESTION, FollowUpKind.VISIT],
            fulfil_note=f"満足度{int(value)}を記録しました。",
        )
    elif fact == "referral_persona":
        note = f"ご紹介をお願いしました: {value}"[:2000]
        if planning.fulfil(case, [FollowUpKind.REFERRAL_REQUEST], actor=actor, note=note, now=now):
            planning.save_chain_head(case)


def on_visit_planned(planned: events.VisitPlanned) -> None:
    """A visit was fixed with the customer (§10.1, §9.4): remind at the visit time."""
    actor, case, visit = planned.actor, planned.case, planned.visit
    event = VisitScheduled(case_id=case.pk, visit_at=visit.planned_at)
    planning.apply_event(
        case,
        event,
        actor=actor,
        anchor_at=visit.planned_at,
        fulfils=[FollowUpKind.CONFIRM_SCHEDULE_CALL],
        fulfil_note="お客様と訪問日時を確認しました。",
    )


def subscribe_all() -> None:
    """Hook the handlers above into the case events (idempotent)."""
    events.subscribe(events.StageChanged, on_stage_changed)
    events.subscribe(events.CustomerContacted, on_inbound)
    events.subscribe(events.ProgressReportRecorded, on_progress_report)
    events.subscribe(events.TimeOutTaken, on_time_out)
    events.subscribe(events.FactRecorded, on_fact_recorded)
    events.subscribe(events.VisitPlanned, on_visit_planned)
