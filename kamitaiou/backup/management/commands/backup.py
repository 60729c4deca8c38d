"""``kamitaiou backup --output FILE``: a consistent copy of the database while it runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from kamitaiou.backup import service
from kamitaiou.backup.archive import BackupError


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump custom format) into FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = service.backup(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:  # cannot connect, no such database …: one line
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(f"database: {first}") from None
        counts = manifest["counts"]
        self.stdout.write(
            f"OK: {manifest['engine']} backup in {options['output']} "
            f"({manifest['payload_bytes']:,} bytes, {counts['cases']:,} cases, "
            f"{counts['interactions']:,} interactions, {time.monotonic() - started:.1f} s)"
        )
