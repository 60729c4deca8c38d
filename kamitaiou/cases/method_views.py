"""POST endpoints of the method panel: one registry, one view, every action checked.

Each entry names the form that validates the input and the ``do_*`` action that does
the work; bad input or a refused action re-renders the case page (400) with the message
and what was typed, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases import method_forms as mf
from kamitaiou.cases import protection_actions as pa
from kamitaiou.cases.access import get_case_for_user
from kamitaiou.cases.actions import ActionError, do_change_stage
from kamitaiou.cases.models import Case
from kamitaiou.method.assessment import Assessment, Benefit, Level, Risk
from kamitaiou.method.outcome import Ending, Impact, Outcome
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.method.transitions import transition_for_action


def _move(user: Any, case: Case, data: dict[str, Any]) -> None:
    move = transition_for_action(CaseKind(case.kind), Stage(case.stage), data["action"])
    if move is None:
        raise ActionError("この段階ではその操作はできません。")
    do_change_stage(
        user,
        case,
        target=move.target.value,
        note=data["note"],
        approval_reason=data["approval_reason"],
    )


def _assess(user: Any, case: Case, d: dict[str, Any]) -> None:
    assessment = Assessment(
        success_probability=d["success_probability"],
        risk=Risk(
            cost_yen=d["risk_cost_yen"],
            liability=Level(d["risk_liability"]),
            relationship_damage=Level(d["risk_relationship"]),
            note=d["risk_note"],
        ),
        benefit=Benefit(
            trust_gain=Level(d["benefit_trust"]),
            new_business_yen=d["benefit_new_business_yen"],
            referrals_expected=d["benefit_referrals"],
            note=d["benefit_note"],
        ),
    )
    ma.do_assess_demand(user, case, assessment=assessment, decision=d["decision"])


def _outcome(user: Any, case: Case, d: dict[str, Any]) -> None:
    ma.do_record_outcome(
        user,
        case,
        outcome=Outcome(
            ending=Ending(d["ending"]),
            impacts=frozenset(Impact(i) for i in d["impacts"]),
            trust_before=d["trust_before"],
            trust_after=d["trust_after"],
            referrals=d["referrals"],
            new_contracts=d["new_contracts"],
        ),
    )


def _incident(user: Any, case: Case, d: dict[str, Any]) -> None:
    pa.do_record_incident(
        user,
        case,
        labels=d["labels"],
        what_was_said=d["what_was_said"],
        staff=user,
        occurred_at=timezone.now(),
        care_offered=d["care_offered"],
    )


@dataclass(frozen=True)
class Step:
    form: Callable[..., forms.Form]
    perform: Callable[[Any, Case, dict[str, Any]], Any]
    done: Any
    needs_case: bool = False


UNPREFIXED = frozenset({"move", "fact"})

STEPS: dict[str, Step] = {
    "move": Step(mf.MoveForm, _move, _("The case moved on.")),
    "fact": Step(
        mf.FactForm,
        lambda u, c, d: ma.do_record_fact(u, c, fact=d["fact"], value=d["value"], note=d["note"]),
        _("Recorded."),
    ),
    "progress": Step(
        mf.ProgressReportForm,
        lambda u, c, d: ma.do_record_progress_report(u, c, text=d["text"], channel=d["channel"]),
        _("The progress report was recorded."),
    ),
    "assessment": Step(mf.AssessmentForm, _assess, _("The assessment was recorded.")),
    "scope": Step(
        mf.ScopeForm,
        lambda u, c, d: ma.do_answer_scope(u, c, answers=d["answers"]),
        _("The scope of responsibility was recorded."),
    ),
    "escalate": Step(
        mf.EscalateForm,
        lambda u, c, d: pa.do_escalate_case(u, c, reason=d["reason"]),
        _("The case was handed to a supervisor."),
    ),
    "reassign": Step(
        mf.ReassignForm,
        lambda u, c, d: ma.do_reassign_case(
            u, c, assignee=d["assignee"], reason=d["reason"], handover_note=d["handover_note"]
        ),
        _("The case was reassigned."),
        needs_case=True,
    ),
    "timeout": Step(
        mf.TimeOutForm,
        lambda u, c, d: ma.do_time_out(u, c, until=d["until"], reason=d["reason"], note=d["note"]),
        _("The case is paused."),
    ),
    "visit": Step(
        mf.VisitForm,
        lambda u, c, d: ma.do_plan_visit(
            u, c, planned_at=d["planned_at"], confirmed=d["confirmed"], note=d["note"]
        ),
        _("The visit was planned."),
    ),
    "incident": Step(mf.IncidentForm, _incident, _("The incident was recorded.")),
    "outcome": Step(mf.OutcomeForm, _outcome, _("The outcome was recorded.")),
    "kind": Step(
        mf.KindForm,
        lambda u, c, d: ma.do_change_kind(u, c, to=d["to"], reason=d["reason"]),
        _("The kind was changed."),
    ),
    "background": Step(
        mf.BackgroundForm,
        lambda u, c, d: ma.do_set_background(u, c, text=d["text"]),
        _("The background was recorded."),
    ),
}


@require_POST
@login_required
def case_action(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    """Run one method action on a case the user may see."""
    from kamitaiou.cases.views import render_case  # noqa: PLC0415

    case = get_case_for_user(request, case_id)
    step = STEPS.get(name)
    if step is None:
        raise Http404(_("No such action."))
    # Forms rendered from ``panel.forms`` carry a prefix (their ids must not clash on the
    # page); the hand-built move and fact buttons post plain names.
    prefix = None if name in UNPREFIXED else name
    extra = {"case": case} if step.needs_case else {}
    form = step.form(request.POST, prefix=prefix, **extra)
    if form.is_valid():
        try:
            step.perform(request.user, case, form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, step.done)
            return redirect("case_detail", case_id=case.pk)
    return render_case(request, get_case_for_user(request, case_id), bound={name: form}, status=400)
