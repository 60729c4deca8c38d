"""The recurrence report on screen and as CSV/.xlsx: supervisors see their teams, admins
every team, nobody else any row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kamitaiou.method.protection import categories as cat
from kamitaiou.protection import report as rp
from kamitaiou.protection.access import supervised_teams
from kamitaiou.protection.forms import ReportForm
from kamitaiou.reports.exports import csv_response, xlsx_response


def _read(request: HttpRequest) -> tuple[ReportForm, list[rp.TeamMonth], Any]:
    teams = supervised_teams(request)
    if not teams.exists():
        raise Http404
    form = ReportForm(request.GET or None, teams=teams)
    if not form.is_bound:
        # show the month the figures are for (this month), not an empty field
        form = ReportForm({"month": timezone.localdate().strftime("%Y-%m")}, teams=teams)
    if not form.is_valid():
        return form, [], None
    chosen = [form.cleaned_data["team"]] if form.cleaned_data["team"] else list(teams)
    first_day = form.cleaned_data["month"]
    return form, rp.team_months(chosen, first_day), first_day


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    form, rows, first_day = _read(request)
    categories = [
        # (team, count) pairs, so each cell names its team on a narrow screen
        (cat.CATEGORY_JA[c], [(row.team, row.by_category.get(c, 0)) for row in rows])
        for c in cat.Category
    ]
    context = {
        "form": form,
        "rows": rows,
        "first_day": first_day,
        "categories": categories,
        "query": request.GET.urlencode(),
    }
    return render(request, "protection/report.html", context, status=200 if first_day else 400)


def _export(request: HttpRequest) -> tuple[list[list[Any]], str] | None:
    _form, rows, first_day = _read(request)
    if first_day is None:
        return None
    return rp.table(rows, first_day), f"kasuhara-{first_day:%Y-%m}"


@require_GET
@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    exported = _export(request)
    if exported is None:
        return HttpResponse(
            "月の指定が正しくありません（YYYY-MM）。",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows, name = exported
    return csv_response(rows, filename=f"{name}.csv")


@require_GET
@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    exported = _export(request)
    if exported is None:
        return HttpResponse(
            "月の指定が正しくありません（YYYY-MM）。",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows, name = exported
    return xlsx_response([("カスハラ月次", rows)], filename=f"{name}.xlsx")
