"""``kamitaiou analyze-eval --corrections``: the model in force vs one retrained with four
fifths of the corrections, measured on the fifth held out (by a hash of the message id).

Without ``--corrections`` the console script runs the pure ``analyze-eval`` instead."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.readings.training import (
    compare,
    format_comparison,
    held_out,
    latest_corrections,
    train,
    train_options,
)


class Command(BaseCommand):
    help = "Measure a retraining with the corrections on the held-out fifth of them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--corrections", action="store_true", required=True)
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        train_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = list(latest_corrections())
        held = [r for r in rows if held_out(r.interaction_id)]
        rest = [r for r in rows if not held_out(r.interaction_id)]
        if not held:
            msg = f"none of the {len(rows)} correction(s) falls in the held-out fifth yet"
            raise CommandError(msg)
        with tempfile.TemporaryDirectory(prefix="kamitaiou-eval-") as tmp:
            retrained = train(rest, options=options, output=Path(tmp) / "model.kmr")
        result = compare(held, retrained)
        result["trained_on"] = len(rest)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_comparison(result, trained_on=len(rest)))
