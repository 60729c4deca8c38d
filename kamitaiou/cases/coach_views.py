"""htmx endpoints of the reply coach on the case page (live findings, apply, use a draft)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kamitaiou.cases import coaching
from kamitaiou.cases.access import get_case_for_user
from kamitaiou.cases.models import Case
from kamitaiou.method.coach import apply_replacements
from kamitaiou.params import parse_int


def _draft(request: HttpRequest) -> str:
    return request.POST.get("text", "")[: settings.KAMITAIOU_MAX_TEXT]


def panel_context(
    case: Case, draft: str, *, shown_raw: str, confirmed: bool = False
) -> dict[str, Any]:
    """What the coach panel shows for ``draft``."""
    findings = coaching.check(case, draft)
    shown = coaching.merge_shown(coaching.parse_shown(shown_raw), findings)
    return {
        "case": case,
        "findings": list(enumerate(findings)),
        "draft": draft,
        "shown_json": json.dumps(shown, ensure_ascii=False),
        # error-level findings: saving needs the writer's explicit confirmation
        "needs_confirmation": bool(coaching.error_findings(findings)),
        "confirmed": confirmed,
    }


@require_POST
@login_required
def coach_check(request: HttpRequest, case_id: int) -> HttpResponse:
    """The findings on the draft being typed (htmx partial)."""
    case = get_case_for_user(request, case_id)
    context = panel_context(case, _draft(request), shown_raw=request.POST.get("coach_shown", ""))
    context["oob"] = True  # the hidden "shown so far" input lives outside the panel's target
    return render(request, "cases/_coach_panel.html", context)


@require_POST
@login_required
def coach_apply(request: HttpRequest, case_id: int) -> HttpResponse:
    """Apply one finding's suggested rewrite and return the reply box."""
    case = get_case_for_user(request, case_id)
    draft = _draft(request)
    findings = coaching.check(case, draft)
    index = parse_int(request.POST.get("finding", ""), low=0, high=len(findings) - 1)
    if index is not None and findings[index].replacement is not None:
        draft = apply_replacements(draft, [findings[index]])
    return _reply_box(request, case, draft)


@require_POST
@login_required
def coach_use_draft(request: HttpRequest, case_id: int) -> HttpResponse:
    """Put one of the method's suggested drafts into the reply box."""
    case = get_case_for_user(request, case_id)
    offered = coaching.drafts(case, writer=request.user)
    index = parse_int(request.POST.get("draft", ""), low=0, high=len(offered) - 1)
    draft = offered[index]["text"] if index is not None else _draft(request)
    return _reply_box(request, case, draft)


def _reply_box(request: HttpRequest, case: Case, draft: str) -> HttpResponse:
    context = panel_context(case, draft, shown_raw=request.POST.get("coach_shown", ""))
    return render(request, "cases/_reply_box.html", context)
