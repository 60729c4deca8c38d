"""``kamitaiou export-overrides FILE.jsonl``: the judged coach overrides as JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.readings.overrides import judged_replies, write_jsonl


class Command(BaseCommand):
    help = (
        "Write the judged coach overrides as JSON lines "
        "(draft, kind, stage, anger, present, absent)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the JSON lines file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            count = write_jsonl(list(judged_replies()), path)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from exc
        self.stdout.write(f"wrote {count} judged repl(ies) to {path}")
