"""The worker's daily anchor of the case record's ledger (decision 0022).

``anchor_record`` appends the signed ledger head to ``KAMITAIOU_ANCHOR_FILE`` (and, with
``KAMITAIOU_ANCHOR_MAIL_ADMINS``, mails it to the active admins, so a copy lives outside
the server too), then schedules its successor ``KAMITAIOU_ANCHOR_SECONDS`` later. The
worker's housekeeping calls ``ensure_anchor`` like the sweep's, so a killed worker
resumes anchoring when restarted. Here rather than in ``cases``, which does not import
the worker's scheduling.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from kamitaiou.cases.anchor import write_anchor
from kamitaiou.followups.models import FollowUpSettings

logger = logging.getLogger(__name__)


@task()
def anchor_record() -> dict[str, Any]:
    """Write today's anchor; schedules the next one even when this one fails."""
    try:
        anchor = write_anchor(settings.KAMITAIOU_ANCHOR_FILE)
        if settings.KAMITAIOU_ANCHOR_MAIL_ADMINS:
            _mail_admins(anchor.line())
        return {"seq": anchor.seq, "head": anchor.head, "at": anchor.at}
    finally:
        ensure_anchor(after_run=True)


def _mail_admins(line: str) -> None:
    from kamitaiou.accounts.models import Role, User  # noqa: PLC0415

    to = list(
        User.objects.filter(role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not to:
        return
    try:
        send_mail(
            "[Kamitaiou] 記録のアンカー（台帳の先頭）",
            "保管してください（kamitaiou verify-records --anchor FILE で照合できます）。\n\n"
            + line,
            None,
            to,
        )
    except OSError:
        logger.exception("record anchor: mailing the admins failed (the file was written)")


def ensure_anchor(*, delay_seconds: int = 0, after_run: bool = False) -> bool:
    """Enqueue the next anchor unless one is waiting: due ``KAMITAIOU_ANCHOR_SECONDS``
    after the last one written (at once if none was). ``delay_seconds`` (the sweep's
    interval, from the housekeeping) is not the anchor's and is ignored."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    interval = timedelta(seconds=max(settings.KAMITAIOU_ANCHOR_SECONDS, 60))
    with transaction.atomic():
        FollowUpSettings.objects.get_or_create(pk=1)
        FollowUpSettings.objects.select_for_update().filter(pk=1).first()
        tasks = DBTaskResult.objects.filter(task_path=anchor_record.module_path)
        if tasks.filter(status=TaskResultStatus.READY).exists():
            return False
        now = timezone.now()
        last = (
            tasks.filter(status=TaskResultStatus.SUCCESSFUL)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        run_after = now + interval if after_run else max(now, (last or now) + interval)
        if last is None and not after_run:
            run_after = now
        anchor_record.using(run_after=run_after).enqueue()
        return True
