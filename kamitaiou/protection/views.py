"""Pages of the incident record: the list, opening one, the record with its procedure,
evidence and restriction, and the customer's restriction history.

Every object comes through ``protection.access`` / ``cases.access`` (404 for "not yours"
and "missing" alike); every change through ``protection.actions``. A refused form or
action re-renders the page with its errors (400); nothing is half saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamitaiou.cases.access import get_case_for_user, get_customer_for_user
from kamitaiou.cases.actions import ActionError
from kamitaiou.method.protection import categories as cat
from kamitaiou.method.protection import procedure as proc
from kamitaiou.protection import actions
from kamitaiou.protection.access import (
    get_incident_for_user,
    get_restriction_for_supervisor,
    is_supervisor_of,
    readable_incidents,
    supervised_teams,
)
from kamitaiou.protection.forms import (
    EvidenceForm,
    IncidentForm,
    LiftForm,
    OpenIncidentForm,
    RestrictionForm,
    StepForm,
)
from kamitaiou.protection.models import Incident, Restriction
from kamitaiou.protection.panel import panel_rows

LIMIT = 200


@require_GET
@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    rows = (
        readable_incidents(request)
        .select_related("case", "case__customer", "targeted")
        .order_by("-occurred_at")[:LIMIT]
    )
    context = {"incidents": rows, "can_report": supervised_teams(request).exists()}
    return render(request, "protection/incident_list.html", context)


@require_GET
@login_required
def case_panel_body(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    context = {"case": case, "incidents": panel_rows(request, case)}
    return render(request, "protection/_case_panel_body.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def incident_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    initial = {
        "targeted": request.user.pk,
        "occurred_at": timezone.localtime(),
        "channel": case.channel or "phone",
    }
    form = OpenIncidentForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        incident = actions.do_open_incident(request.user, case, **form.cleaned_data)
        messages.success(request, _("A draft incident record was opened. Complete and confirm it."))
        return redirect("protection_incident", incident_id=incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "protection/incident_new.html", {"case": case, "form": form}, status=status
    )


def _page(
    request: HttpRequest, incident: Incident, *, status: int = 200, **forms: Any
) -> HttpResponse:
    case = incident.case
    can_restrict = is_supervisor_of(request.user, case.team_id)
    offers = actions.step_offers(incident, user=request.user)
    context = {
        "incident": incident,
        "case": case,
        "form": forms.get("form") or IncidentForm(case=case, incident=incident),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(case=case),
        "step_form": forms.get("step_form")
        or StepForm(initial={"at": timezone.localtime().replace(second=0, microsecond=0)}),
        "restriction_form": forms.get("restriction_form") or RestrictionForm(),
        "evidence": incident.evidence.select_related("interaction__event", "added_by").order_by(
            "interaction__occurred_at"
        ),
        "steps": incident.steps.select_related("by").order_by("at"),
        "offers": offers,
        "restriction_offer": next(o for o in offers if o.step == proc.Step.DECIDE_RESTRICTION),
        "warning_wording": proc.warning_wording(incident.channel),
        "ending_wording": proc.ending_wording(incident.channel),
        "verdict_ja": cat.VERDICT_JA[cat.Verdict(incident.verdict)] if incident.verdict else "",
        "can_restrict": can_restrict,
        "restrictions": incident.restrictions.order_by("-decided_at"),
        "errors": forms.get("errors", []),
    }
    return render(request, "protection/incident.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = get_incident_for_user(request, incident_id)
    if request.method == "GET":
        return _page(request, incident)
    form = IncidentForm(request.POST, case=incident.case)
    if not form.is_valid():
        return _page(request, incident, form=form, status=400)
    confirm = request.POST.get("save") == "confirm"
    try:
        actions.do_save_incident(request.user, incident, data=form.incident_data(), confirm=confirm)
    except ActionError as error:
        return _page(request, incident, form=form, errors=[error.message], status=400)
    messages.success(
        request,
        _("The incident record was confirmed.") if confirm else _("The incident record was saved."),
    )
    return redirect("protection_incident", incident_id=incident.pk)


def _incident_post(
    request: HttpRequest,
    incident_id: int,
    *,
    form_name: str,
    make_form: Callable[[Incident], forms.Form],
    action: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """One step on an incident's page: check the form, take the action, or show the page
    again with the form's (or the action's) errors — nothing saved then."""
    incident = get_incident_for_user(request, incident_id)
    form = make_form(incident)
    if not form.is_valid():
        return _page(request, incident, **{form_name: form}, status=400)
    try:
        action(request.user, incident, **form.cleaned_data)
    except ActionError as error:
        return _page(request, incident, **{form_name: form}, errors=[error.message], status=400)
    messages.success(request, done)
    return redirect("protection_incident", incident_id=incident.pk)


@require_POST
@login_required
def add_evidence(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_post(
        request,
        incident_id,
        form_name="evidence_form",
        make_form=lambda incident: EvidenceForm(request.POST, case=incident.case),
        action=actions.do_add_evidence,
        done=_("The evidence was linked."),
    )


@require_POST
@login_required
def record_step(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_post(
        request,
        incident_id,
        form_name="step_form",
        make_form=lambda _incident: StepForm(request.POST),
        action=actions.do_record_step,
        done=_("The step was recorded."),
    )


@require_POST
@login_required
def decide_restriction(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_post(
        request,
        incident_id,
        form_name="restriction_form",
        make_form=lambda _incident: RestrictionForm(request.POST),
        action=actions.do_decide_restriction,
        done=_("The restriction of service was decided."),
    )


@require_GET
@login_required
def customer_restrictions(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request, customer_id)
    return _restrictions_page(request, customer)


def _restrictions_page(
    request: HttpRequest, customer: Any, *, status: int = 200, form: Any = None, errors: Any = ()
) -> HttpResponse:
    rows = (
        Restriction.objects.filter(customer=customer)
        .select_related("decided_by", "lifted_by")
        .order_by("-decided_at")
    )
    context = {
        "customer": customer,
        "restrictions": rows[:LIMIT],
        "can_lift": is_supervisor_of(request.user, customer.team_id),
        "lift_form": form or LiftForm(),
        "errors": list(errors),
    }
    return render(request, "protection/customer_restrictions.html", context, status=status)


@require_POST
@login_required
def lift_restriction(request: HttpRequest, restriction_id: int) -> HttpResponse:
    restriction = get_restriction_for_supervisor(request, restriction_id)
    form = LiftForm(request.POST)
    if not form.is_valid():
        return _restrictions_page(request, restriction.customer, form=form, status=400)
    try:
        actions.do_lift_restriction(request.user, restriction, reason=form.cleaned_data["reason"])
    except ActionError as error:
        return _restrictions_page(
            request, restriction.customer, form=form, errors=[error.message], status=400
        )
    messages.success(request, _("The restriction was lifted."))
    return redirect("protection_customer_restrictions", customer_id=restriction.customer_id)
