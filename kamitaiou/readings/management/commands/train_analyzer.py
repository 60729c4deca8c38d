"""``kamitaiou train-analyzer --with-corrections [--output PATH]``: retrain with the team's
corrections and register the model (inactive) — an admin activates it in the admin."""

from __future__ import annotations

import getpass
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.analysis.reader.linear import ModelFileError
from kamitaiou.readings.model_files import READER, register_model_file
from kamitaiou.readings.training import latest_corrections, train, train_options


class Command(BaseCommand):
    help = "Train the reader on the shipped data plus this deployment's reading corrections."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--with-corrections",
            action="store_true",
            required=True,
            help="learn from the corrections made on the case pages (required)",
        )
        parser.add_argument("--output", help="also write a copy of the model file here")
        parser.add_argument("--by", default="", help="who trained it (default: the login name)")
        train_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = list(latest_corrections())
        if not rows:
            self.stderr.write("no corrections yet: training on the shipped data alone")
        with tempfile.TemporaryDirectory(prefix="kamitaiou-train-") as tmp:
            trained = Path(tmp) / "model.kmr"
            model = train(rows, options=options, output=trained)
            try:
                row, created = register_model_file(
                    trained,
                    kind=READER,
                    created_by=options["by"] or getpass.getuser(),
                    used=len(rows),
                    figures={"data_sha256_16": model.meta.get("data_sha256_16", "")},
                )
            except (OSError, ModelFileError) as exc:
                raise CommandError(f"cannot store the model: {exc}") from exc
            if options["output"]:
                out = Path(options["output"])
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(trained, out)
        state = "registered" if created else "already registered"
        self.stdout.write(
            f"{state}: {row.file_name} (sha256 {row.short_sha}, {row.rows:,} rows,"
            f" {len(rows)} correction(s)); inactive until an admin activates it"
            " (admin → 読み取りモデル)"
        )
