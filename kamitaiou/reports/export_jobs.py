"""Large .xlsx exports in the worker, with progress (issue #15, item 4; ADR 0018).

A CSV streams from the first row, so the browser shows it downloading. An .xlsx cannot be
sent before it is complete (a zip with its directory at the end): for more than
``KAMITAIOU_EXPORT_INLINE_MAX`` cases the person starts an ``ExportJob`` instead, the
worker writes the file (openpyxl write-only, memory flat in the rows) reporting its
progress, and the page that polls offers the download when it is ready.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from kamitaiou.reports import exports, progress
from kamitaiou.reports.models import ExportJob, ExportState

EVERY = 1000


def inline_max() -> int:
    """Up to this many cases an .xlsx is written in the request itself."""
    return int(getattr(settings, "KAMITAIOU_EXPORT_INLINE_MAX", 5000))


@transaction.atomic
def start_export(user: Any, *, params: QueryDict) -> ExportJob:
    clean = params.copy()
    clean.pop("format", None)
    job = ExportJob.objects.create(user=user, params=clean.urlencode())
    transaction.on_commit(lambda: build_export.enqueue(job.pk))
    return job


def _counted(rows: Iterator[list[Any]], job: ExportJob, total: int) -> Iterator[list[Any]]:
    for done, row in enumerate(rows):
        if done % EVERY == 0:
            progress.report("export", job.pk, done, total)
        yield row


def write(job: ExportJob) -> None:
    """Write the job's cases as .xlsx into the job."""
    # The inbox parses and queries its filters from a request: the person's, rebuilt.
    request = HttpRequest()
    request.method, request.GET, request.user = "GET", QueryDict(job.params), job.user
    cases = exports.inbox_cases(request)
    total = cases.count()
    job.state, job.rows = ExportState.RUNNING, total
    job.save(update_fields=["state", "rows"])
    with tempfile.TemporaryFile() as spool:
        rows = _counted(exports.case_table(cases), job, total)
        exports.write_xlsx([(_("Cases"), rows)], spool)
        spool.seek(0)
        content = spool.read()
    # A customer's erasure meanwhile marked the job erased (``hooks``): its rows were read
    # before the erasure, so the file is dropped.
    finished = {"content": content, "state": ExportState.DONE, "finished_at": timezone.now()}
    if ExportJob.objects.filter(pk=job.pk, state=ExportState.RUNNING).update(**finished):
        for name, value in finished.items():
            setattr(job, name, value)
    progress.clear("export", job.pk)


@task()
def build_export(job_id: int) -> str:
    """The worker's task: write one large export."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state != ExportState.QUEUED:
        return "skipped"
    try:
        write(job)
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        progress.clear("export", job.pk)
        raise
    return "done"
