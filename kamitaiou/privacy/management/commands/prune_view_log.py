"""``kamitaiou prune-view-log [--days N]``: drop view log entries past the retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kamitaiou.privacy.models import ViewRecord


class Command(BaseCommand):
    help = "Remove view log entries older than KAMITAIOU_VIEW_LOG_DAYS (or --days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.KAMITAIOU_VIEW_LOG_DAYS
        if not 1 <= days <= 36_500:
            raise CommandError(f"--days: between 1 and 36500, not {days}")
        gone = ViewRecord.objects.prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(
            f"OK: {gone} view log entr{'y' if gone == 1 else 'ies'} older than {days} days removed"
        )
