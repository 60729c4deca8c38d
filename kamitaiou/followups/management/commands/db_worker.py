"""``kamitaiou db_worker``: django-tasks-db's worker, which also keeps the sweep going.

The documented production command is enough on its own: when it starts, and then every
``KAMITAIOU_SWEEP_SECONDS``, a housekeeping thread reclaims tasks left "running" by a
dead worker and makes sure a follow-up sweep is waiting (``tasks.housekeeping``). Any
number of workers may run it; the sweep chain does not fork (``tasks.ensure_sweep``).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import DatabaseError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as TasksDbWorker

from kamitaiou.followups.tasks import housekeeping

logger = logging.getLogger(__name__)


def _tick(*, delay_seconds: int) -> None:
    close_old_connections()
    try:
        done = housekeeping(delay_seconds=delay_seconds)
    except DatabaseError as exc:  # locked, not migrated yet, briefly unreachable: next tick
        logger.warning("worker housekeeping: %s", exc)
    else:
        if done["reclaimed"] or done["scheduled"]:
            logger.info("worker housekeeping: %s", done)
    finally:
        connection.close()


def _keep_sweeping(stop: threading.Event, *, every: float) -> None:
    while not stop.wait(every):
        _tick(delay_seconds=settings.KAMITAIOU_SWEEP_SECONDS)


class Command(TasksDbWorker):
    help = "Run the background worker (reminder mails, SLA sweeps; heals itself after a kill)"

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent process only watches files; the child does the work.
        reloading = options.get("reload") and not options.get("batch")
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            _tick(delay_seconds=0)  # a sweep now if none is waiting (after a kill, say)
            if not options.get("batch"):
                every = max(1.0, min(float(settings.KAMITAIOU_SWEEP_SECONDS), 60.0))
                thread = threading.Thread(
                    target=_keep_sweeping,
                    args=(threading.Event(),),
                    kwargs={"every": every},
                    name="kamitaiou-housekeeping",
                    daemon=True,
                )
                thread.start()
        super().handle(*args, **options)
