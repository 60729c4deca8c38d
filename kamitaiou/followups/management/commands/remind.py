"""``kamitaiou remind``: one follow-up sweep now (SLA breaches, due reminder mails).

``--schedule`` only makes sure the worker has a sweep waiting (``kamitaiou db_worker``
does that itself at start); ``--loop SECONDS`` sweeps forever, for a deployment without
``db_worker``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.utils import DatabaseError

from kamitaiou.followups.tasks import ensure_sweep, run_sweep


class Command(BaseCommand):
    help = "Send due follow-up reminders and escalate SLA breaches (once, or in a loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="only make sure the background worker has a sweep waiting",
        )
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS", help="sweep every SECONDS"
        )

    def handle(self, *args: Any, schedule: bool, loop: int, **options: Any) -> None:
        if schedule:
            try:
                added = ensure_sweep()
            except DatabaseError as exc:
                self.stderr.write(f"remind: cannot schedule the sweep yet ({exc})")
                return
            self.stdout.write("sweep scheduled" if added else "a sweep is already waiting")
            return
        while True:
            started = time.monotonic()
            result = run_sweep()
            elapsed = time.monotonic() - started
            self.stdout.write(
                "escalated {escalated} · queued {queued} · sent {sent} · "
                "skipped {skipped} · failed {failed} · undeliverable {undeliverable}".format(
                    **result
                )
                + f" · {elapsed:.2f}s"
            )
            if loop <= 0:
                return
            time.sleep(loop)
