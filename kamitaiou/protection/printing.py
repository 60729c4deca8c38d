"""The printable record of one incident, for a labour bureau or a lawyer: the facts, the
two judgements, the procedure with who and when, restrictions, and the customer's verbatim
words with the hash of each entry of the case's chained record (and whether the chain
verifies today)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kamitaiou.accounts.models import Organisation
from kamitaiou.cases.models import EventKind
from kamitaiou.cases.record import verify_case
from kamitaiou.method.protection import categories as cat
from kamitaiou.protection.access import get_incident_for_user


@require_GET
@login_required
def incident_print(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = get_incident_for_user(request, incident_id)
    case = incident.case
    evidence = incident.evidence.select_related("interaction__event", "interaction__author")
    record_events = case.events.filter(kind=EventKind.INCIDENT, data__record=incident.pk)
    context = {
        "incident": incident,
        "case": case,
        "organisation": Organisation.current(),
        "evidence": evidence.order_by("interaction__occurred_at"),
        "steps": incident.steps.select_related("by").order_by("at"),
        "restrictions": incident.restrictions.select_related("decided_by", "lifted_by"),
        "record_events": record_events.select_related("actor").order_by("seq"),
        "chain_problems": verify_case(case),
        "verdict_ja": cat.VERDICT_JA[cat.Verdict(incident.verdict)] if incident.verdict else "",
        "printed_at": timezone.localtime(),
    }
    return render(request, "protection/incident_print.html", context)
