"""The reports page (/reports/), a table as CSV, the report as .xlsx, the cases export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kamitaiou.reports import export_jobs, exports
from kamitaiou.reports.forms import ReportForm
from kamitaiou.reports.import_jobs import may_import
from kamitaiou.reports.report import build_report


def _form(request: HttpRequest) -> ReportForm:
    params = request.GET.copy()
    for name in ("encoding", "format"):
        params.pop(name, None)
    return ReportForm(params, user=request.user)


def _invalid(request: HttpRequest, form: ReportForm) -> HttpResponse:
    return render(request, "reports/reports.html", {"form": form, "report": None}, status=400)


@require_GET
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    report = build_report(request.user, form.cleaned_data, now=timezone.now())
    query = request.GET.urlencode()
    return render(
        request,
        "reports/reports.html",
        {
            "form": form,
            "report": report,
            "fan_rate": None if report.fan_rate is None else round(report.fan_rate * 100, 1),
            "query": query,
            "can_import": may_import(request.user),
            "first_day": form.cleaned_data["first_day"],
            "last_day": form.cleaned_data["last_day"],
            "charts": [
                (table, f"chart-{table.key}", f"chart-{table.key}-data", table.chart_data())
                for table in report.tables
            ],
        },
    )


def _encoding(request: HttpRequest) -> str:
    return "shift_jis" if request.GET.get("encoding") == "shift_jis" else "utf-8"


@require_GET
@login_required
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    report = build_report(request.user, form.cleaned_data, now=timezone.now())
    table = report.table(key)
    if table is None:
        return HttpResponse(_("No such table."), status=404, content_type="text/plain")
    return exports.csv_response(
        [table.columns, *table.rows], filename=f"{key}.csv", encoding=_encoding(request)
    )


@require_GET
@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    report = build_report(request.user, form.cleaned_data, now=timezone.now())
    sheets: list[tuple[str, list[list[Any]]]] = [
        (table.title, [table.columns, *table.rows]) for table in report.tables
    ]
    return exports.xlsx_response(sheets, filename="report.xlsx")


@require_GET
@login_required
def export_cases(request: HttpRequest) -> StreamingHttpResponse | HttpResponse:
    """The inbox's current filter, every matching case, as CSV (streamed) or .xlsx — a
    large .xlsx is written by the worker, with progress (``export_jobs``)."""
    cases = exports.inbox_cases(request)
    if request.GET.get("format") == "xlsx":
        count = cases.count()
        if count > export_jobs.inline_max():
            params = request.GET.copy()
            params.pop("format", None)
            return render(
                request,
                "reports/export_start.html",
                {"count": count, "params": params.urlencode()},
            )
        return exports.xlsx_response(
            [(_("Cases"), exports.case_table(cases))], filename="cases.xlsx"
        )
    return exports.csv_response(
        exports.case_table(cases), filename="cases.csv", encoding=_encoding(request)
    )
