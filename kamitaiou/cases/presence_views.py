"""The case page's heartbeat: who else has this case's reply box open (htmx partial)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kamitaiou.cases import presence
from kamitaiou.cases.access import get_case_for_user


@require_POST
@login_required
def reply_presence(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record this page's heartbeat and answer with the others present."""
    case = get_case_for_user(request, case_id)
    presence.do_touch_presence(request.user, case, drafting=request.POST.get("drafting") == "1")
    context = {"case": case, "present": presence.others_present(case, user=request.user)}
    return render(request, "cases/_presence.html", context)
