"""``kamitaiou train-coach --with-overrides``: retrain the coach with the team's verdicts.

The judged overrides are exported (one reply in five, by id, held out) to a temporary
JSON-lines file and handed to the pure trainer
(``kamitaiou.method.coach.train_cli.train_main --overrides FILE``). Before/after figures on
the held-out replies are printed: how often the coach in force (rules alone) and the
retrained checker agree with the team's verdicts (a finding the team said is present / absent).
The model file is not put in force: an admin points ``KAMITAIOU_COACH_MODEL`` at it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.method.coach import CoachContext, check_draft
from kamitaiou.method.coach.learned import reset_coach_model, use_coach_model
from kamitaiou.method.coach.train_cli import train_main
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.readings.overrides import JudgedReply, judged_replies, write_jsonl
from kamitaiou.readings.reader_models import models_dir


def rules_agreement(rows: Sequence[JudgedReply], *, learned: bool = False) -> tuple[int, int]:
    """(agreeing, judged) verdicts of the coach on ``rows`` (with ``learned``, the checker in
    force beside the rules)."""
    agree = total = 0
    for row in rows:
        try:
            kind, stage = CaseKind(row.kind), Stage(row.stage)
        except ValueError:
            continue
        found = {
            str(f.code)
            for f in check_draft(
                row.draft,
                kind=kind,
                stage=stage,
                context=CoachContext(anger=row.anger),
                learned=learned,
            )
        }
        agree += sum(code in found for code in row.present)
        agree += sum(code not in found for code in row.absent)
        total += len(row.present) + len(row.absent)
    return agree, total


def _figure(agree: int, total: int) -> str:
    return f"{agree}/{total} ({agree / total:.0%})" if total else "0/0 (—)"


class Command(BaseCommand):
    help = "Retrain the reply coach with the team's judged overrides."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--with-overrides", action="store_true", help="use the judged overrides (required)"
        )
        parser.add_argument("--output", help="where the trainer writes the model file")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["with_overrides"]:
            raise CommandError("use --with-overrides (plain train-coach is the pure trainer)")
        rows = list(judged_replies())
        train = [r for r in rows if not r.held_out]
        held = [r for r in rows if r.held_out]
        agree, total = rules_agreement(held)
        self.stdout.write(
            f"judged replies: {len(rows)} (training {len(train)}, held out {len(held)})"
        )
        self.stdout.write(f"before (rules) on held-out verdicts: {_figure(agree, total)}")
        with tempfile.TemporaryDirectory(prefix="kamitaiou-coach-") as tmp:
            overrides = Path(tmp) / "overrides.jsonl"
            write_jsonl(train, overrides)
            output = options.get("output") or str(models_dir() / "coach-trained.kmr")
            code = train_main(["--overrides", str(overrides), "--output", output, "--quiet"])
            if code:
                raise CommandError(f"the coach trainer failed (exit {code})")
            self.stdout.write(f"trained model: {output}")
        use_coach_model(LinearReader.load(Path(output)))
        try:
            agree, total = rules_agreement(held, learned=True)
        finally:
            reset_coach_model()
        self.stdout.write(
            f"after (retrained checker) on held-out verdicts: {_figure(agree, total)}"
        )
        self.stdout.write(f"to use it: KAMITAIOU_COACH_MODEL={output} (then restart)")
