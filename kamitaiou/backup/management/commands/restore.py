"""``kamitaiou restore FILE``: load a backup into a new, empty database.

``--info`` prints the backup's manifest (engine, time, version, migrations, counts)
without touching the database."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from kamitaiou.backup import archive, service
from kamitaiou.backup.archive import BackupError


class Command(BaseCommand):
    help = "Restore a backup made by `kamitaiou backup` into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by `kamitaiou backup`")
        parser.add_argument(
            "--info", action="store_true", help="only check the file and print its manifest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        started = time.monotonic()
        try:
            if options["info"]:
                manifest = archive.read(path).manifest
                self.stdout.write(json.dumps(manifest, ensure_ascii=False, indent=2))
                return
            manifest = service.restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:  # cannot connect, no such database …: one line
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(f"database: {first}") from None
        counts = manifest["counts"]
        self.stdout.write(
            f"OK: restored the {manifest['engine']} backup of {manifest['created_at']} "
            f"({counts['cases']:,} cases, {counts['interactions']:,} interactions, "
            f"{time.monotonic() - started:.1f} s)"
        )
        pending = service.pending_migrations()
        if pending:
            self.stdout.write(
                f"Made by version {manifest['app_version']}: run `kamitaiou migrate` "
                f"({pending} migration(s) to apply), then `kamitaiou verify-records`."
            )
        else:
            self.stdout.write("Next: `kamitaiou verify-records`.")
