"""The follow-up policy: plain events in, follow-ups to store out.

``plan_followups(event, settings=…, now=…)`` is the one entry point. What each event
plans (defaults in ``FollowUpSettings``; see ``docs/followups.md`` for the table):

- a demand accepted (unreasonable demand → executing, §5.4): the first progress report
  one cadence later; each ``ProgressReportSent`` plans the next, until the case leaves
  executing;
- a complaint entering executing (§6.5): a verification check after N business days;
  ``VerificationRecorded(improved=False)`` → re-hearing (and ``verification_result``
  suggests the move back to hearing, §6.6);
- a time-out (§9.4): a reminder to resume at the agreed time;
- a case closing: check-ins at the configured offsets (after-follow cases excepted);
- a new contract (§10): confirm-schedule call → visit → satisfaction question →
  upsell and referral if satisfied (score ≥ 4), otherwise a follow-up on the problem.

Due times never lie in the past (an event processed late is due ``now``), and times the
policy computes (cadences, offsets) are moved into business hours when
``settings.business_hours_only``; times a person agreed with the customer (a visit, the
end of a time-out) are kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kamitaiou.method.followups.business_calendar import (
    BusinessCalendar,
    add_business_days,
    require_aware,
)
from kamitaiou.method.followups.business_time import add_business_minutes
from kamitaiou.method.followups.events import (
    CaseId,
    ContractSigned,
    PolicyEvent,
    ProgressReportSent,
    SatisfactionRecorded,
    StageEntered,
    TimeOutStarted,
    VerificationRecorded,
    VisitCompleted,
    VisitScheduled,
)
from kamitaiou.method.followups.kinds import FollowUpKind, PlannedFollowUp, dedupe_key, stamp
from kamitaiou.method.followups.personas import suggest_referral_persona
from kamitaiou.method.followups.settings import FollowUpSettings
from kamitaiou.method.guards import SATISFIED_MIN_SCORE
from kamitaiou.method.guidance import PROGRESS_REPORT_EXAMPLE, SATISFACTION_QUESTION
from kamitaiou.method.stages import CaseKind, Stage

K = FollowUpKind


def cadence_label_ja(cadence: timedelta) -> str:
    """「24時間ごと」「2日ごと」「90分ごと」."""
    minutes = int(cadence.total_seconds() // 60)
    if minutes % (60 * 24) == 0 and minutes > 60 * 24:
        return f"{minutes // (60 * 24)}日ごと"
    if minutes % 60 == 0:
        return f"{minutes // 60}時間ごと"
    return f"{minutes}分ごと"


def next_progress_report(
    last_report_at: datetime,
    *,
    cadence: timedelta,
    now: datetime,
    calendar: BusinessCalendar | None = None,
) -> datetime:
    """When the next progress report is due: one ``cadence`` after the last one (§5.4).

    ``last_report_at`` is the last report, or the acceptance when none was sent yet. A
    report already overdue is due ``now``; with a ``calendar`` the time is moved to the
    next business opening when it falls outside business hours.
    """
    require_aware(last_report_at, "last_report_at")
    require_aware(now, "now")
    if cadence <= timedelta():
        raise ValueError("cadence must be positive.")
    due = max(last_report_at + cadence, now)
    return due if calendar is None else calendar.next_open(due)


def next_after_satisfaction(score: int) -> tuple[FollowUpKind, ...]:
    """What follows a satisfaction answer (§10.3): upsell and referral only when satisfied.

    ``score`` ≥ 4 → (upsell_proposal, referral_request); otherwise
    (address_dissatisfaction,) — no proposal to an unsatisfied customer.
    """
    if not 1 <= score <= 5:
        raise ValueError("A satisfaction score is an integer from 1 to 5.")
    if score >= SATISFIED_MIN_SCORE:
        return (K.UPSELL_PROPOSAL, K.REFERRAL_REQUEST)
    return (K.ADDRESS_DISSATISFACTION,)


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationOutcome:
    """What a verification result leads to: a suggested stage and follow-ups."""

    suggested_stage: Stage
    followups: tuple[PlannedFollowUp, ...]


class _Planner:
    """Shared helpers for one planning call (settings and ``now`` fixed)."""

    def __init__(self, *, settings: FollowUpSettings, now: datetime) -> None:
        self.settings = settings
        self.now = require_aware(now, "now")

    def due(self, moment: datetime, *, business_hours: bool = True) -> datetime:
        moment = max(moment, self.now)
        if business_hours and self.settings.business_hours_only:
            return self.settings.calendar.next_open(moment)
        return moment.astimezone(self.settings.calendar.timezone)

    def after_business_days(self, start: datetime, days: int) -> datetime:
        return self.due(add_business_days(start, days, calendar=self.settings.calendar))

    def progress_report(
        self, case_id: CaseId, anchor: datetime, cadence: timedelta | None
    ) -> PlannedFollowUp:
        cadence = cadence or self.settings.progress_report_cadence
        calendar = self.settings.calendar if self.settings.business_hours_only else None
        return PlannedFollowUp(
            kind=K.PROGRESS_REPORT,
            due_at=next_progress_report(anchor, cadence=cadence, now=self.now, calendar=calendar),
            title_ja=f"進捗報告（{cadence_label_ja(cadence)}）",
            note_ja=(
                "引き受けた無理難題は「抱えた時限爆弾」です。完了まで小まめに、"
                "いまどこまで進んでいるかをお客様にご報告してください（§5.4）。"
            ),
            script_ja=PROGRESS_REPORT_EXAMPLE,
            dedupe_key=dedupe_key(case_id, K.PROGRESS_REPORT, stamp(anchor)),
        )

    def rehearing(self, case_id: CaseId, at: datetime) -> PlannedFollowUp:
        minutes = self.settings.rehearing_within_business_minutes
        due = add_business_minutes(at, minutes, calendar=self.settings.calendar)
        return PlannedFollowUp(
            kind=K.REHEARING,
            due_at=self.due(due, business_hours=False),
            title_ja="改善していないため、もう一度ヒアリング",
            note_ja=(
                "検証の結果、状況は改善していませんでした。もう一度お話を伺い、"
                "問題を引き出してください（§6.6）。本当に改善できない場合は、その旨をご説明します。"
            ),
            dedupe_key=dedupe_key(case_id, K.REHEARING, stamp(at)),
        )


def _on_stage_entered(event: StageEntered, planner: _Planner) -> list[PlannedFollowUp]:
    settings = planner.settings
    if event.stage is Stage.EXECUTING and event.kind is CaseKind.UNREASONABLE_DEMAND:
        return [planner.progress_report(event.case_id, event.at, event.progress_cadence)]
    if event.stage is Stage.EXECUTING and event.kind is CaseKind.COMPLAINT:
        days = settings.verification_after_business_days
        return [
            PlannedFollowUp(
                kind=K.VERIFICATION_CHECK,
                due_at=planner.after_business_days(event.at, days),
                title_ja="改善したかの確認",
                note_ja=(
                    f"対応の実行から{days}営業日です。状況が改善したかをお客様に確認し、"
                    "検証結果を記録してください。改善していなければヒアリングに戻ります（§6.5–6）。"
                ),
                dedupe_key=dedupe_key(event.case_id, K.VERIFICATION_CHECK, stamp(event.at)),
            )
        ]
    if event.stage.is_terminal and event.kind is not CaseKind.AFTER_FOLLOW:
        return [
            PlannedFollowUp(
                kind=K.AFTER_FOLLOW_CHECKIN,
                due_at=planner.due(offset.after(event.at)),
                title_ja=f"完了{offset.label_ja}のご様子伺い",
                note_ja=(
                    "その後お困りのことがないか、お客様に伺ってください。"
                    "放置は信頼を損ない、悪い評判につながります（§10.5）。"
                ),
                dedupe_key=dedupe_key(event.case_id, K.AFTER_FOLLOW_CHECKIN, offset.code),
            )
            for offset in settings.after_close_checkins
        ]
    return []


def _on_progress_report(event: ProgressReportSent, planner: _Planner) -> list[PlannedFollowUp]:
    if event.stage is not Stage.EXECUTING:
        return []
    return [planner.progress_report(event.case_id, event.reported_at, event.progress_cadence)]


def verification_result(
    event: VerificationRecorded, *, settings: FollowUpSettings, now: datetime
) -> VerificationOutcome:
    """Improved → suggest closing (with an outcome, §11); not improved → back to hearing.

    Not improved also plans a re-hearing within ``rehearing_within_business_minutes``.
    """
    require_aware(now, "now")
    if event.improved:
        return VerificationOutcome(suggested_stage=Stage.CLOSED, followups=())
    planner = _Planner(settings=settings, now=now)
    return VerificationOutcome(
        suggested_stage=Stage.HEARING, followups=(planner.rehearing(event.case_id, event.at),)
    )


def _on_time_out(event: TimeOutStarted, planner: _Planner) -> list[PlannedFollowUp]:
    reason = f"（理由: {event.reason.label_ja}）" if event.reason is not None else ""
    return [
        PlannedFollowUp(
            kind=K.RESUME_AFTER_TIME_OUT,
            due_at=planner.due(event.until, business_hours=False),
            title_ja="時間を置いた案件の対応再開",
            note_ja=(
                f"時間を置く期間が終わります{reason}。お客様が落ち着かれたか、"
                "事実確認ができたかを確かめてから対応を再開してください（§9.4）。"
            ),
            dedupe_key=dedupe_key(event.case_id, K.RESUME_AFTER_TIME_OUT, stamp(event.until)),
        )
    ]


def _on_contract(event: ContractSigned, planner: _Planner) -> list[PlannedFollowUp]:
    product = f"（{event.product}）" if event.product.strip() else ""
    return [
        PlannedFollowUp(
            kind=K.CONFIRM_SCHEDULE_CALL,
            due_at=planner.after_business_days(
                event.signed_at, planner.settings.confirm_schedule_after_business_days
            ),
            title_ja="訪問日程の確認のお電話",
            note_ja=(
                f"ご契約{product}後のアフターフォローです。訪問の前に、必ずお電話で"
                "お客様のご都合のよい日時を確認してください（§10.1）。"
            ),
            dedupe_key=dedupe_key(event.case_id, K.CONFIRM_SCHEDULE_CALL),
        )
    ]


def _on_visit_scheduled(event: VisitScheduled, planner: _Planner) -> list[PlannedFollowUp]:
    return [
        PlannedFollowUp(
            kind=K.VISIT,
            due_at=planner.due(event.visit_at, business_hours=False),
            title_ja="アフターフォローの訪問",
            note_ja=(
                "お約束の日時に、お客様ご本人と直接お会いしてください。"
                "訪問では満足度を伺います（§10.1–2）。"
            ),
            script_ja=SATISFACTION_QUESTION,
            dedupe_key=dedupe_key(event.case_id, K.VISIT, stamp(event.visit_at)),
        )
    ]


def _on_visit_completed(event: VisitCompleted, planner: _Planner) -> list[PlannedFollowUp]:
    return [
        PlannedFollowUp(
            kind=K.SATISFACTION_QUESTION,
            due_at=planner.after_business_days(
                event.at, planner.settings.satisfaction_after_business_days
            ),
            title_ja="満足度を伺う",
            note_ja=(
                "新たなご提案の前に、まずご満足いただけたか、問題点はなかったかを伺い、"
                "満足度（1〜5）を記録してください（§10.2）。"
            ),
            script_ja=SATISFACTION_QUESTION,
            dedupe_key=dedupe_key(event.case_id, K.SATISFACTION_QUESTION, stamp(event.at)),
        )
    ]


def _on_satisfaction(event: SatisfactionRecorded, planner: _Planner) -> list[PlannedFollowUp]:
    settings = planner.settings
    key = stamp(event.at)
    planned: list[PlannedFollowUp] = []
    for kind in next_after_satisfaction(event.score):
        if kind is K.UPSELL_PROPOSAL:
            planned.append(
                PlannedFollowUp(
                    kind=kind,
                    due_at=planner.after_business_days(
                        event.at, settings.upsell_after_business_days
                    ),
                    title_ja="新たなご提案",
                    note_ja=(
                        f"満足度{event.score}をいただきました。お客様が本当にご満足いただける"
                        "サービスに限って、新たなご提案をしてください（§10.3）。"
                    ),
                    dedupe_key=dedupe_key(event.case_id, kind, key),
                )
            )
        elif kind is K.REFERRAL_REQUEST:
            planned.append(
                PlannedFollowUp(
                    kind=kind,
                    due_at=planner.after_business_days(
                        event.at, settings.referral_after_business_days
                    ),
                    title_ja="ご紹介のお願い",
                    note_ja=(
                        "「どなたかご紹介ください」ではなく、具体的な人物像を挙げて"
                        "ご紹介をお願いしてください（§10.4）。提案文は編集できます。"
                    ),
                    script_ja=suggest_referral_persona(product=event.product, liked=event.liked),
                    dedupe_key=dedupe_key(event.case_id, kind, key),
                )
            )
        else:
            planned.append(
                PlannedFollowUp(
                    kind=kind,
                    due_at=planner.after_business_days(
                        event.at, settings.dissatisfaction_within_business_days
                    ),
                    title_ja="問題点への対応",
                    note_ja=(
                        f"満足度は{event.score}でした。伺った問題点に対応してください。"
                        "新たなご提案やご紹介のお願いはしません（§10.3）。"
                        "放置すると信頼を損ないます（§10.5）。"
                    ),
                    dedupe_key=dedupe_key(event.case_id, kind, key),
                )
            )
    return planned


def plan_followups(
    event: PolicyEvent, *, settings: FollowUpSettings, now: datetime
) -> list[PlannedFollowUp]:
    """Return the follow-ups ``event`` calls for (possibly none), each with a dedupe key.

    Store them with ``get_or_create(dedupe_key=…)``: planning the same event twice is
    harmless. Cancel what no longer applies with ``followups_to_cancel`` and
    ``superseded_followups``.
    """
    planner = _Planner(settings=settings, now=now)
    planned: list[PlannedFollowUp]
    match event:
        case StageEntered():
            planned = _on_stage_entered(event, planner)
        case ProgressReportSent():
            planned = _on_progress_report(event, planner)
        case VerificationRecorded():
            planned = list(verification_result(event, settings=settings, now=now).followups)
        case TimeOutStarted():
            planned = _on_time_out(event, planner)
        case ContractSigned():
            planned = _on_contract(event, planner)
        case VisitScheduled():
            planned = _on_visit_scheduled(event, planner)
        case VisitCompleted():
            planned = _on_visit_completed(event, planner)
        case SatisfactionRecorded():
            planned = _on_satisfaction(event, planner)
    return planned
