"""A large .xlsx export: start it, watch its progress, download it (``export_jobs``)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from kamitaiou.reports import export_jobs, progress
from kamitaiou.reports.models import ExportJob, ExportState

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job(request: HttpRequest, pk: int) -> ExportJob:
    """One's own export only — 404 for "not yours" and "missing" alike."""
    return get_object_or_404(ExportJob.objects.filter(user=request.user), pk=pk)


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    params = QueryDict(request.POST.get("params", "")[:4000])
    job = export_jobs.start_export(request.user, params=params)
    return redirect("export_job", pk=job.pk)


def _context(job: ExportJob) -> dict[str, object]:
    return {"job": job, "percent": progress.percent("export", job.pk) if job.running else None}


@require_GET
@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/export_job.html", _context(_job(request, pk)))


@require_GET
@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not job.running:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return render(request, "reports/_export_progress.html", _context(job))


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.state != ExportState.DONE:
        return HttpResponse(status=404)
    return FileResponse(
        io.BytesIO(bytes(job.content)),
        as_attachment=True,
        filename=f"cases-{job.created_at:%Y%m%d-%H%M}.xlsx",
        content_type=XLSX,
    )
