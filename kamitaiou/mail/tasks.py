"""The worker's IMAP poll, scheduled by the worker itself like the follow-up sweep.

``poll_mail`` re-enqueues itself ``KAMITAIOU_MAIL_POLL_SECONDS`` later (``ensure_poll``
never forks the chain: it checks for a waiting poll under a row lock). The worker's
housekeeping (``kamitaiou db_worker``) calls ``ensure_poll`` at start and every sweep
interval, so a worker killed mid-poll starts polling again when it is restarted; the
task it left "running" is reclaimed like any other.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from kamitaiou.mail.imap import poll_all
from kamitaiou.mail.models import Mailbox

logger = logging.getLogger(__name__)


@task()
def poll_mail() -> dict[str, Any]:
    """Poll every IMAP mailbox once; schedules its successor even when this poll fails."""
    try:
        return {"mailboxes": [asdict(report) for report in poll_all()]}
    finally:
        ensure_poll(delay_seconds=settings.KAMITAIOU_MAIL_POLL_SECONDS)


def _polled() -> Any:
    return Mailbox.objects.filter(active=True).exclude(imap_host="")


def ensure_poll(*, delay_seconds: int = 0) -> bool:
    """Enqueue a poll ``delay_seconds`` from now unless one is waiting or there is nothing
    to poll (no active mailbox with an IMAP server)."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    with transaction.atomic():
        # The first polled mailbox's row is the lock that keeps two workers from both
        # enqueuing.
        first = _polled().select_for_update().order_by("pk").first()
        if first is None:
            return False
        waiting = DBTaskResult.objects.filter(
            task_path=poll_mail.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
        run_after = timezone.now() + timedelta(seconds=max(delay_seconds, 0))
        poll_mail.using(run_after=run_after).enqueue()
        return True
