"""The import pages: upload, the preview with its report and progress, the confirmation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamitaiou.config.headers import accepts_uploads
from kamitaiou.reports import exports, import_jobs, progress
from kamitaiou.reports.import_forms import RunForm, UploadForm
from kamitaiou.reports.models import ImportJob, ImportState

#: The preview lists this many problems on the page (all stored ones are in the CSV).
SHOWN = 200


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """A job of a team the person may import into — 404 for "not yours" and "missing"."""
    return get_object_or_404(
        import_jobs.jobs_for(request.user).select_related("team", "created_by"), pk=pk
    )


@accepts_uploads
@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not import_jobs.may_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        job = import_jobs.start_check(
            request.user, team=form.cleaned_data["team"], filename=file.name, content=file.read()
        )
        return redirect("import_job", pk=job.pk)
    recent = import_jobs.jobs_for(request.user).select_related("team")[:10]
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/import.html", {"form": form, "recent": recent}, status=status)


def _progress_context(job: ImportJob) -> dict[str, object]:
    return {"job": job, "percent": progress.percent("import", job.pk) if job.running else None}


@require_GET
@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    problems = list(job.problems.all()[:SHOWN])
    for problem in problems:
        problem.text = import_jobs.message(problem.code, problem.detail)  # type: ignore[attr-defined]
    ready = job.state == ImportState.READY
    return render(
        request,
        "reports/import_job.html",
        {
            **_progress_context(job),
            "problems": problems,
            "more_problems": max(0, job.problems.count() - SHOWN),
            "can_import": ready and job.rows > 0 and job.invalid_rows == 0,
            "can_skip": ready and job.invalid_rows > 0 and job.valid_rows > 0,
            "form": RunForm(),
        },
    )


@require_GET
@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled bar; once the job stops running, the whole page reloads."""
    job = _job(request, pk)
    if not job.running:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return render(request, "reports/_import_progress.html", _progress_context(job))


@require_POST
@login_required
def job_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = RunForm(request.POST)
    skip = form.is_valid() and form.cleaned_data["skip_invalid"]
    if not import_jobs.start_import(job, skip_invalid=skip):
        return HttpResponse(status=409)  # not ready, or rows with errors not to be skipped
    return redirect("import_job", pk=job.pk)


@require_GET
@login_required
def job_problems_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem of the check, as CSV (UTF-8 with a BOM)."""
    job = _job(request, pk)
    rows = (
        [row or "", column, import_jobs.message(code, detail)]
        for row, column, code, detail in job.problems.values_list(
            "row", "column", "code", "detail"
        ).iterator(chunk_size=2000)
    )
    return exports.csv_response(
        [[_("Row"), _("Column"), _("Problem")], *rows], filename=f"import-{job.pk}-errors.csv"
    )
