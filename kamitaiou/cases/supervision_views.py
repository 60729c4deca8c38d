"""Supervisors' queues: escalations to take over (§9.5), special handling waiting for
approval (§9.1) and harassment incidents (§12)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamitaiou.cases.access import visible_cases
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import Escalation, HarassmentIncident
from kamitaiou.cases.protection_actions import do_accept_escalation
from kamitaiou.cases.supervision import approval_queue, is_supervisor, waiting_escalations
from kamitaiou.method.special_requests import BENEFIT_TEST_QUESTION, forbidden_refusals

LIMIT = 200


def _require_supervisor(request: HttpRequest) -> None:
    if not is_supervisor(request):
        raise PermissionDenied(_("Only supervisors and admins can see this page."))


@require_GET
@login_required
def escalations(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    cases = visible_cases(request)
    waiting = (
        waiting_escalations(request)
        .select_related("case", "case__customer", "raised_by")
        .order_by("raised_at")
    )
    done = (
        Escalation.objects.filter(case__in=cases, accepted_at__isnull=False)
        .select_related("case", "accepted_by")
        .order_by("-accepted_at")
    )
    return render(
        request, "cases/escalations.html", {"waiting": waiting[:LIMIT], "done": done[:50]}
    )


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """承認待ち: special requests waiting for a supervisor, oldest request first."""
    _require_supervisor(request)
    rows = [
        {
            "case": case,
            "benefit": (case.facts or {}).get("customer_benefit"),
            "refusals": forbidden_refusals(
                case.labels or (), policy_matches=(case.facts or {}).get("policy_matches", ())
            ),
        }
        for case in approval_queue(request)[:LIMIT]
    ]
    return render(
        request,
        "cases/approvals.html",
        {"rows": rows, "benefit_question": BENEFIT_TEST_QUESTION, "limit": LIMIT},
    )


@require_POST
@login_required
def accept_escalation(request: HttpRequest, escalation_id: int) -> HttpResponse:
    _require_supervisor(request)
    escalation = (
        Escalation.objects.filter(case__in=visible_cases(request), pk=escalation_id)
        .select_related("case")
        .first()
    )
    if escalation is None:
        raise Http404(_("No such escalation."))
    try:
        do_accept_escalation(request.user, escalation)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("escalations")
    messages.success(request, _("You took over the case."))
    return redirect("case_detail", case_id=escalation.case_id)


@require_GET
@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    rows = (
        HarassmentIncident.objects.filter(case__in=visible_cases(request))
        .select_related("case", "staff", "recorded_by")
        .order_by("-occurred_at")[:LIMIT]
    )
    return render(request, "cases/incidents.html", {"incidents": rows})
