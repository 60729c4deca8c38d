"""The worker's periodic sweep: SLA breaches, then due reminders — and the housekeeping
that keeps it going with nothing but ``kamitaiou db_worker`` running.

django-tasks has no scheduler, so the sweep re-enqueues itself with ``run_after``; a
sweep is enqueued only when none is waiting (checked under a row lock), so the chain
never forks. A worker killed mid-sweep breaks that chain (its task stays "running" and
its successor is never enqueued), so ``kamitaiou db_worker`` (our subclass of
django-tasks-db's, ``management/commands/db_worker.py``) calls ``housekeeping`` when it
starts and then every ``KAMITAIOU_SWEEP_SECONDS``: it reclaims tasks left running longer
than ``KAMITAIOU_TASK_STALE_SECONDS`` and makes sure a sweep is waiting. Every step of a
sweep is idempotent, so an extra sweep only costs a few queries.
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
    done: dict[str, Any] = {
        "escalated": escalated,
        "queued": queued,
        "sent": report.sent,
        "skipped": report.skipped,
        "undeliverable": report.undeliverable,
        "failed": report.failed,
    }
    for name, step in list(_sweep_steps.items()):
        done[name] = _step(name, lambda s=step: s(now=now), 0)
    return done


#: What apps above this one do on every sweep (the API queues ``followup.due`` webhooks):
#: name → ``step(now=…) -> int``, registered in their ``ready()``; this app imports none.
_sweep_steps: dict[str, Callable[..., int]] = {}


def register_sweep_step(name: str, step: Callable[..., int]) -> None:
    """Run ``step(now=now)`` after the reminders on every sweep (registering again replaces);
    a failing step is logged and the others go on, like the sweep's own steps."""
    _sweep_steps[name] = step


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


#: Reclaimed this many times (its worker died each time), a task is failed, not retried.
MAX_CLAIMS = 3


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished (killed, crashed)."""


def reclaim_stale_tasks(*, older_than: timedelta) -> int:
    """Put tasks left "running" longer than ``older_than`` back in the queue; return how many.

    A task whose worker died is run again (at-least-once, like the sweep it is meant
    for); one already claimed ``MAX_CLAIMS`` times is marked failed instead, so a task
    that kills its worker every time does not loop forever.
    """
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    now = timezone.now()
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - older_than
    )
    reclaimed = 0
    with transaction.atomic():
        for row in stale.select_for_update()[:100]:
            if len(row.worker_ids) >= MAX_CLAIMS:
                row.status = TaskResultStatus.FAILED
                row.finished_at = now
                row.exception_class_path = f"{__name__}.{WorkerLost.__name__}"
                row.traceback = (
                    f"{WorkerLost.__doc__} Claimed {len(row.worker_ids)} times; not retried."
                )
            else:
                row.status = TaskResultStatus.READY
                row.run_after = now
            row.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "exception_class_path",
                    "traceback",
                    "run_after",
                ]
            )
            logger.warning("task %s (%s) reclaimed: %s", row.pk, row.task_path, row.status)
            reclaimed += 1
    return reclaimed


#: Other apps' self-scheduling tasks the worker keeps going like the sweep (the mail app's
#: IMAP poll): name → ``ensure(delay_seconds=…) -> bool``, registered in ``ready()``.
_schedules: dict[str, Callable[..., bool]] = {}


def register_schedule(name: str, ensure: Callable[..., bool]) -> None:
    """Have the worker's housekeeping call ``ensure`` too (registering again replaces)."""
    _schedules[name] = ensure


def housekeeping(*, delay_seconds: int) -> dict[str, int | bool]:
    """What the worker does at start and every sweep interval: reclaim, then ensure a sweep
    (and every registered schedule)."""
    reclaimed = reclaim_stale_tasks(
        older_than=timedelta(seconds=settings.KAMITAIOU_TASK_STALE_SECONDS)
    )
    scheduled = ensure_sweep(delay_seconds=delay_seconds)
    for name, ensure in list(_schedules.items()):
        # One app's schedule failing must not keep the others (or the sweep) from going.
        scheduled = _step(name, lambda e=ensure: e(delay_seconds=delay_seconds), False) or scheduled
    return {"reclaimed": reclaimed, "scheduled": scheduled}
