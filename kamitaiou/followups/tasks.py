"""The worker's periodic sweep: SLA breaches, then due reminders.

django-tasks has no scheduler, so the sweep re-enqueues itself with ``run_after``; a
sweep is enqueued only when none is waiting (checked under a row lock), so the chain
never forks. ``kamitaiou serve`` (and ``kamitaiou remind --schedule``) makes sure one is
waiting when the worker starts: a sweep lost with a killed worker (left "running" by
django-tasks-db) is replaced then. Every step is idempotent, so an extra sweep only
costs a few queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from kamitaiou.followups.models import FollowUpSettings
from kamitaiou.followups.reminders import SendReport, queue_due_reminders, send_pending
from kamitaiou.followups.sla import escalate_breaches

logger = logging.getLogger(__name__)
T = TypeVar("T")


def run_sweep(*, now: datetime | None = None) -> dict[str, Any]:
    """One pass: escalate SLA breaches, queue due reminders, send pending mails."""
    now = now or timezone.now()
    # Each step on its own: a failing SLA pass must not keep the reminders from going out.
    escalated = _step("SLA escalation", lambda: escalate_breaches(now=now), 0)
    queued = _step("queueing reminders", lambda: queue_due_reminders(now=now), 0)
    report = _step("sending reminders", send_pending, SendReport())
    return {
        "escalated": escalated,
        "queued": queued,
        "sent": report.sent,
        "skipped": report.skipped,
        "failed": report.failed,
    }


def _step(name: str, run: Callable[[], T], fallback: T) -> T:
    try:
        return run()
    except Exception:
        logger.exception("follow-up sweep: %s failed; the other steps go on", name)
        return fallback


@task()
def sweep_followups() -> dict[str, Any]:
    """The periodic task; schedules its successor even when this pass fails."""
    try:
        return run_sweep()
    finally:
        ensure_sweep(delay_seconds=settings.KAMITAIOU_SWEEP_SECONDS)


def ensure_sweep(*, delay_seconds: int = 0) -> bool:
    """Enqueue a sweep ``delay_seconds`` from now unless one is already waiting."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    with transaction.atomic():
        # The settings row doubles as the lock that keeps two workers from both enqueuing.
        FollowUpSettings.objects.get_or_create(pk=1)
        FollowUpSettings.objects.select_for_update().filter(pk=1).first()
        waiting = DBTaskResult.objects.filter(
            task_path=sweep_followups.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
        run_after = timezone.now() + timedelta(seconds=max(delay_seconds, 0))
        sweep_followups.using(run_after=run_after).enqueue()
        return True
