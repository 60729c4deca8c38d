"""Imports run in the worker (django-tasks), so a 20,000-row file never holds a request.

Upload → ``start_check`` saves an ``ImportJob`` and queues ``check_import``, which stores
the preview's problems and counts (state ``ready``, or ``invalid`` for a file that cannot
be read). The person confirms → ``start_import`` queues ``run_import``, which checks the
file again and imports it in one transaction — or, if rows turned bad since the preview,
imports nothing and shows the new report. Progress goes to ``progress`` as it runs.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from kamitaiou.accounts.models import Role
from kamitaiou.cases.access import visible_teams
from kamitaiou.reports import importing, progress
from kamitaiou.reports.import_rows import Code
from kamitaiou.reports.models import ImportJob, ImportProblem, ImportState

MESSAGES = {
    Code.NO_NAME_COLUMN: _("The file has no name column (氏名)."),
    Code.DUPLICATE_COLUMN: _("This column means the same as the column “%(detail)s”."),
    Code.REQUIRED: _("This value is required."),
    Code.TOO_LONG: _("Too long (at most %(detail)s characters)."),
    Code.BAD_EMAIL: _("Not an e-mail address: %(detail)s"),
    Code.BAD_PHONE: _("Not a phone number: %(detail)s"),
    Code.BAD_KANA: _("Write the reading in katakana: %(detail)s"),
    Code.BAD_DATE: _("Not a date (e.g. 2026/12/01 or 令和8年12月1日): %(detail)s"),
    Code.END_BEFORE_START: _("The end date is before the start date."),
    Code.NO_KEY: _("Give an e-mail address or a customer ID, so a re-import finds the customer."),
    Code.CONFLICT: _("Differs from row %(detail)s of the same customer."),
    Code.AMBIGUOUS: _("Several customers of the team have the e-mail address %(detail)s."),
    Code.DUPLICATE_CONTRACT: _("The same contract is in row %(detail)s already."),
    Code.BAD_ENCODING: _("The file is neither UTF-8 nor Shift_JIS."),
    Code.TOO_BIG_FILE: _("The file is too big (at most 25 MB)."),
    Code.BAD_FILE: _("The file is not a CSV or Excel (.xlsx) file we can read."),
    Code.EMPTY_FILE: _("The file is empty."),
}


def message(code: str, detail: str = "") -> str:
    """The problem in words (Japanese first)."""
    try:
        text = MESSAGES[Code(code)]
    except (ValueError, KeyError):
        return code
    return str(text) % {"detail": detail}


def may_import(user: Any) -> bool:
    """Supervisors (into their teams) and admins import customers."""
    return bool(
        user.is_authenticated and user.is_active and user.role in (Role.SUPERVISOR, Role.ADMIN)
    )


def import_teams(user: Any) -> Any:
    return visible_teams(user) if may_import(user) else visible_teams(user).none()


def jobs_for(user: Any) -> Any:
    """The import jobs ``user`` may see: those of the teams they may import into."""
    return ImportJob.objects.filter(team__in=import_teams(user).values("pk"))


@transaction.atomic
def start_check(user: Any, *, team: Any, filename: str, content: bytes) -> ImportJob:
    job = ImportJob.objects.create(
        team=team, created_by=user, filename=filename[:255], content=content
    )
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


@transaction.atomic
def start_import(job: ImportJob, *, skip_invalid: bool) -> bool:
    """Queue the import of a checked job; ``False`` if it is not ready or skipping is needed."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != ImportState.READY or (locked.invalid_rows and not skip_invalid):
        return False
    locked.state, locked.skip_invalid = ImportState.IMPORTING, skip_invalid
    locked.save(update_fields=["state", "skip_invalid"])
    transaction.on_commit(lambda: run_import.enqueue(locked.pk))
    return True


def _store(job: ImportJob, checked: importing.Checked) -> None:
    # Every problem is kept: the rows to skip are exactly the rows listed here.
    problems = [
        ImportProblem(
            job=job,
            row=problem.row,
            column=problem.column[:200],
            code=problem.code.value,
            detail=problem.detail[:200],
        )
        for problem in checked.problems()
    ]
    with transaction.atomic():
        job.problems.all().delete()
        ImportProblem.objects.bulk_create(problems, batch_size=500)
        job.rows = len(checked.results)
        job.invalid_rows = len(checked.bad_rows)
        _set_counts(job, checked.counts)
        job.state = ImportState.READY if checked.readable else ImportState.INVALID
        job.save()


def _set_counts(job: ImportJob, counts: importing.Counts) -> None:
    for name, value in vars(counts).items():
        setattr(job, name, value)


def check_job(job: ImportJob) -> None:
    """The preview: check the file, store the report."""
    checked = importing.check(
        bytes(job.content),
        filename=job.filename,
        team=job.team,
        progress=lambda done, total: progress.report("import", job.pk, done, total),
    )
    _store(job, checked)
    progress.clear("import", job.pk)


def import_job(job: ImportJob) -> None:
    """Check again and import; a changed picture goes back to the preview instead."""
    report = lambda done, total: progress.report("import", job.pk, done, total)  # noqa: E731
    checked = importing.check(bytes(job.content), filename=job.filename, team=job.team)
    allowed = set(job.problems.values_list("row", flat=True)) if job.skip_invalid else set()
    try:
        counts = importing.apply(
            checked,
            actor=job.created_by,
            team=job.team,
            skip_invalid=job.skip_invalid,
            allowed_bad=allowed,
            progress=report,
        )
    except importing.StaleCheck:
        _store(job, checked)
        job.message = str(_("The rows changed since the preview: check them again."))
        job.save(update_fields=["message"])
        return
    finally:
        progress.clear("import", job.pk)
    _set_counts(job, counts)
    job.state, job.content, job.message = ImportState.DONE, b"", ""
    job.finished_at = timezone.now()
    job.save()


def _guarded(job_id: int, state: str, run: Any) -> str:
    job = ImportJob.objects.select_related("team", "created_by").filter(pk=job_id).first()
    if job is None or job.state != state:
        return "skipped"
    try:
        run(job)
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportState.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    return "done"


@task()
def check_import(job_id: int) -> str:
    """The worker's task: the preview of one upload."""
    return _guarded(job_id, ImportState.CHECKING, check_job)


@task()
def run_import(job_id: int) -> str:
    """The worker's task: the import of one checked upload."""
    return _guarded(job_id, ImportState.IMPORTING, import_job)
