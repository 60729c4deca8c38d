"""``kamitaiou export-corrections FILE.jsonl``: the latest correction of every message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.readings.training import latest_corrections, write_jsonl


class Command(BaseCommand):
    help = "Write the reading corrections as JSON lines (text, anger, anxiety, labels)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the JSON lines file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            count = write_jsonl(list(latest_corrections()), path)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from exc
        self.stdout.write(f"wrote {count} correction(s) to {path}")
