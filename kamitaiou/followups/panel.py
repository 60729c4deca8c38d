"""What the follow-ups pages show, built here so templates only render.

``followups_panel(case, user=…)`` is the case page's aside (SLA clocks, pause, cadence,
open follow-ups; registered as a side panel through ``case_panel``); the today page is
built in ``today``. Every list is bounded and fetched with its relations in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.labels import label
from kamitaiou.cases.models import Case, CaseKind
from kamitaiou.followups.access import FollowUpRights
from kamitaiou.followups.forms import CadenceForm, CompleteForm, SkipForm
from kamitaiou.followups.models import CaseCadence, FollowUp, FollowUpSettings, SlaPause, Status
from kamitaiou.followups.sla import case_sla
from kamitaiou.method.followups import DEFAULT_CALENDAR, FollowUpKind, SlaClock
from kamitaiou.method.followups.business_calendar import format_ja

CASE_LIMIT = 20
RELATED = ("case", "customer", "owner", "case__assignee")
#: Kinds whose completion asks for something specific (the row shows those fields).
FIELDS_FOR_KIND: dict[str, tuple[str, ...]] = {
    FollowUpKind.PROGRESS_REPORT: ("report_text", "channel"),
    FollowUpKind.VERIFICATION_CHECK: ("improved",),
    FollowUpKind.CONFIRM_SCHEDULE_CALL: ("visit_at",),
    FollowUpKind.SATISFACTION_QUESTION: ("score", "liked"),
    FollowUpKind.REFERRAL_REQUEST: ("persona",),
}


@dataclass
class Row:
    """One follow-up as a page shows it."""

    followup: FollowUp
    kind_label: str
    overdue: bool
    due_label: str
    fields: list[Any]
    skip_form: SkipForm
    suggested_stage: str
    #: the person looking may complete / skip it (its owner or someone above them)
    can_act: bool = False
    #: an SLA report the person's supervisor holds: shown to her without complete / skip
    handed_up: bool = False
    #: where a follow-up completed elsewhere is recorded (a staff check-in's own page)
    record_url: str = ""


def row_for(
    followup: FollowUp,
    *,
    now: datetime,
    form: CompleteForm | None = None,
    rights: FollowUpRights | None = None,
) -> Row:
    """A follow-up with its completion fields (prefilled with the suggested wording);
    ``rights`` (the person looking) decides whether complete / skip are offered."""
    if form is None:
        initial = {}
        if followup.kind == FollowUpKind.PROGRESS_REPORT:
            initial["report_text"] = followup.script
        elif followup.kind == FollowUpKind.REFERRAL_REQUEST:
            initial["persona"] = followup.script
        form = CompleteForm(kind=followup.kind, initial=initial, prefix=f"f{followup.pk}")
    names = FIELDS_FOR_KIND.get(followup.kind, ())
    suggested = ""
    if followup.suggested_stage:
        suggested = label("stage", followup.suggested_stage)
    return Row(
        followup=followup,
        kind_label=label("followup_kind", followup.kind),
        overdue=followup.is_open and followup.due_at < now,
        due_label=format_ja(followup.due_at, calendar=DEFAULT_CALENDAR),
        fields=[form[name] for name in (*names, "note")],
        skip_form=SkipForm(prefix=f"s{followup.pk}"),
        suggested_stage=suggested,
        can_act=rights is not None and followup.is_open and rights.may_act(followup),
        record_url=_record_url(followup),
    )


def _record_url(followup: FollowUp) -> str:
    # A staff check-in (planned by the protection app) is recorded on its own page, where
    # what was said stays private; the URL is reversed by name, so no import of that app.
    if followup.kind != FollowUpKind.STAFF_CHECKIN:
        return ""
    return reverse("checkin_by_followup", args=[followup.pk])


def _clock(clock: SlaClock) -> dict[str, Any] | None:
    if clock.target_minutes is None:
        return None
    return {
        "label": label("sla_clock", clock.name),
        "due": format_ja(clock.due_at, calendar=DEFAULT_CALENDAR) if clock.due_at else "",
        "met": clock.met_at is not None,
        "breached": clock.breached,
        "remaining": clock.remaining_minutes,
        "overdue": clock.overdue_minutes,
    }


def followups_panel(case: Case, *, user: Any) -> dict[str, Any]:
    """The case page's follow-up aside: SLA clocks, pause, cadence, open follow-ups."""
    now = timezone.now()
    pauses = list(SlaPause.objects.filter(case=case).order_by("start")[:200])
    status = case_sla(case, now=now, pauses=pauses)
    clocks = (
        [c for c in (_clock(status.first_response), _clock(status.resolution)) if c]
        if (status)
        else []
    )
    rights = FollowUpRights(user)
    rows = list(
        case.followups.filter(status=Status.OPEN)
        .select_related(*RELATED)
        .order_by("due_at", "pk")[:CASE_LIMIT]
    )
    show_cadence = case.closed_at is None and case.kind == CaseKind.UNREASONABLE_DEMAND
    cadence = CaseCadence.objects.filter(case=case).first() if show_cadence else None
    hours = cadence.hours if cadence else None
    if show_cadence and hours is None:
        hours = FollowUpSettings.load().progress_cadence_hours
    return {
        "clocks": clocks,
        "paused": any(p.end is None or p.start <= now < p.end for p in pauses),
        "waiting_on_customer": any(p.end is None for p in pauses),
        "can_pause": case.closed_at is None,
        "rows": [row_for(f, now=now, rights=rights) for f in rows],
        "show_cadence": show_cadence,
        "cadence_form": CadenceForm(initial={"hours": hours}),
        "cadence_is_default": cadence is None,
    }


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The follow-ups side panel of the case page (registered in ``FollowupsConfig``)."""
    return followups_panel(case, user=request.user)
